import * as z from 'zod';
import { ISO_COUNTRY_CODES } from './countries.ts';

/** Reusable field validators; each failure message names the rule so publishers can fix their event. */
export const eventId = z.uuid({ error: 'must be a UUID' });
export const occurredAt = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time with offset' });
/** Text that UTF-8 can carry: no unpaired UTF-16 surrogate (it would be hashed as U+FFFD, like any other one). */
export const isWellFormedText = (text: string): boolean => !/\p{Cs}/u.test(text);
export const customerId = z
  .string({ error: 'required string' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' })
  .refine(isWellFormedText, { error: 'must be well-formed Unicode (no unpaired surrogate)' });
export const id = z.string({ error: 'required string' }).min(1, { error: 'must not be empty' }).max(256);
/**
 * Numeric bounds of the contract: large enough for any real order in any currency, small enough that sums of them
 * (RFM revenue, attributed revenue, item counts) stay exact-ish and finite. ISO 4217 minor units go up to 4 (CLF).
 */
export const MAX_MONEY = 1_000_000_000_000;
export const MONEY_DECIMALS = 4;
export const MAX_QUANTITY = 1_000_000;

/**
 * Whether a number has at most `MONEY_DECIMALS` decimal places, allowing for binary floating point (0.1 + 0.2 passes).
 * Not a JSON Schema `multipleOf`, which most validators apply without that allowance and so refuse 0.3.
 */
export function hasMoneyDecimals(value: number): boolean {
  const scaled = value * 10 ** MONEY_DECIMALS;
  return Math.abs(scaled - Math.round(scaled)) <= 4 * Number.EPSILON * Math.max(Math.abs(scaled), 1);
}

/** An amount in the currency's major unit (12.5 = 12.50 EUR, 15000 = 15,000 KRW). */
export const money = z
  .number({ error: 'must be a number' })
  .nonnegative({ error: 'must be ≥ 0' })
  .max(MAX_MONEY, { error: 'must be at most 1000000000000 (1e12)' })
  .refine(hasMoneyDecimals, { error: `must have at most ${MONEY_DECIMALS} decimal places` })
  .meta({ description: `Amount in the currency's major unit: ≥ 0, ≤ 1e12, at most ${MONEY_DECIMALS} decimal places` });
export const currency = z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code like KRW' });
export const quantity = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be an integer' })
  .positive({ error: 'must be > 0' })
  .max(MAX_QUANTITY, { error: 'must be at most 1000000' });
/** How many items a cart holds after the change. */
export const itemCount = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be an integer ≥ 0' })
  .nonnegative({ error: 'must be an integer ≥ 0' })
  .max(MAX_QUANTITY, { error: 'must be at most 1000000' });
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
