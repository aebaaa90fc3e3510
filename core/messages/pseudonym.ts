import * as z from 'zod';

/** HMAC-SHA256 of a customer id, hex: the only customer reference internal messages carry. */
export const pseudonymSchema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a 64-hex-digit pseudonym' });
