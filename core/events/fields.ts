import { z } from 'zod';
import { ISO_COUNTRY_CODES } from './countries.ts';

/** Reusable field validators; each failure message names the rule so publishers can fix their event. */
export const eventId = z.uuid({ error: 'must be a UUID' });
export const occurredAt = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time with offset' });
export const customerId = z
  .string({ error: 'required string' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' });
export const id = z.string({ error: 'required string' }).min(1, { error: 'must not be empty' }).max(256);
export const money = z.number({ error: 'must be a number' }).nonnegative({ error: 'must be ≥ 0' }).finite();
export const currency = z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code like KRW' });
export const quantity = z.number().int({ error: 'must be an integer' }).positive({ error: 'must be > 0' });
export const phone = z.e164({ error: 'must be an E.164 phone number like +821012345678' });
export const pccc = z.string().regex(/^P\d{12}$/, { error: 'must be a PCCC: P followed by 12 digits (^P\\d{12}$)' });
export const email = z.email({ error: 'must be an email address' });

const knownZones = new Map<string, boolean>();

/** Whether the runtime knows the zone (answers are remembered: building an Intl.DateTimeFormat is slow). */
export function isIanaTimeZone(name: string): boolean {
  const known = knownZones.get(name);
  if (known !== undefined) return known;
  let valid = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name);
  if (valid) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
    } catch {
      valid = false;
    }
  }
  if (knownZones.size < 10_000) knownZones.set(name, valid);
  return valid;
}

export const timeZone = z
  .string()
  .refine(isIanaTimeZone, { error: 'must be an IANA time zone like Asia/Seoul' })
  .meta({ description: 'IANA time zone name, e.g. Asia/Seoul', examples: ['Asia/Seoul', 'America/New_York'] });
export const country = z.enum([...ISO_COUNTRY_CODES] as [string, ...string[]], {
  error: 'must be an ISO 3166-1 alpha-2 country code like KR',
});
export const locale = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, { error: 'must be a locale like ko or en-US' });

/** Fields every event detail carries (DESIGN.md §3). */
export const envelope = {
  v: z.literal(1, { error: 'must be 1 (contract version)' }),
  eventId,
  occurredAt,
  customerId,
};
