import * as z from 'zod';
import { CATEGORIES } from '../customer/messages.ts';
import { CHANNELS } from '../events/schemas.ts';
import { pseudonymSchema } from './pseudonym.ts';

const variableValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * A delivery request: a message decided `send`, queued for the delivery function. No identifiers: the contact is
 * decrypted at delivery, just in time.
 */
export const deliveryRequestSchema = z.strictObject({
  messageId: z.string().min(1).max(512),
  pseudonym: pseudonymSchema,
  journeyId: z.string().min(1),
  /** Definition version, entry number and message name: enough to log a suppression at delivery. */
  version: z.number().int().positive(),
  entry: z.number().int().positive(),
  message: z.string().min(1),
  template: z.string().min(1),
  /** The channel decided on; `fallbacks` are tried in order if the send on it fails for good. */
  channel: z.enum(CHANNELS),
  fallbacks: z.array(z.enum(CHANNELS)).optional(),
  category: z.enum(CATEGORIES),
  locale: z.string().optional(),
  country: z.string().optional(),
  variables: z.record(z.string(), variableValue),
  /** Built from behaviour where the policy may require profiling consent: delivery checks it again. */
  profiled: z.literal(true).optional(),
  decidedAt: z.iso.datetime(),
});

export type DeliveryRequest = z.infer<typeof deliveryRequestSchema>;
