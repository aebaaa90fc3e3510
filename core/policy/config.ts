import type { DedupeRules } from '../customer/seen-events.ts';
import type { Channel } from '../events/schemas.ts';
import type { ClosedDays } from './send-windows.ts';

/** Closed set of reasons a message is not sent now (DESIGN.md §7). */
export const REASON_CODES = [
  'no_consent',
  'no_profiling_consent',
  'consent_stale',
  'night_consent_missing',
  'frequency_cap',
  'priority_conflict',
  'journey_cap',
  'journey_budget',
  'journey_paused',
  'quiet_hours',
  'outside_open_hours',
  'closed_day',
  'holdout',
  'missing_identifier',
  'missing_variable',
  'undeliverable',
  'no_template',
  'duplicate',
  'exited',
  'erased',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface CapRule {
  name: string;
  max: number;
  /** Rolling window in ms. */
  window: number;
  /** Only sends on this channel count and are limited; all promotional sends when absent. */
  channel?: Channel;
}

export interface HourWindow {
  /** Local hour (0–23) the window starts, inclusive. */
  startHour: number;
  /** Local hour (0–23) the window ends, exclusive. */
  endHour: number;
}

/** What a promotional email to a country must show besides its content (US, CAN-SPAM). */
export type PromotionalEmailItem = 'postalAddress' | 'unsubscribeLink';

export interface CountryRule {
  /** Promotional messages may be sent during quiet hours when the customer granted night_marketing consent (KR). */
  nightConsentLiftsQuietHours?: boolean;
  /** Marketing consent older than this is stale and must be reconfirmed (KR: 2 years). */
  marketingConsentMaxAge?: number;
  /** Label prefixed to promotional content (KR: "(광고)"). */
  advertisingLabel?: string;
  /** Added to the end of every promotional email (US, CAN-SPAM: the sender's postal address and an unsubscribe link). */
  promotionalEmailShows?: readonly PromotionalEmailItem[];
  /** Promotional SMS only inside this local window, whatever consent says (US). */
  smsWindow?: HourWindow;
  /**
   * Messages built from the customer's behaviour (a message's `profiling`) need `profiling` consent on their channel;
   * without it their generic version is sent, or they are suppressed `no_profiling_consent` (KR house policy).
   */
  profilingConsentRequired?: boolean;
}

export interface PolicyConfig {
  /** Recorded with every decision. */
  version: string;
  /** Promotional caps across all journeys. */
  caps: readonly CapRule[];
  /** How often a paused journey's held waits and messages are looked at again (ms, default 15 minutes). */
  pausedRecheck?: number;
  /** How many promotional messages one customer may get from one decision round (priority arbitration). */
  maxPromotionalAtOnce: number;
  /** How long a message that lost arbitration waits when its journey defers on conflict (ms). */
  conflictDelay: number;
  /** Promotional messages outside this window are deferred to its start (recipient local time). */
  quietHours: HourWindow;
  countryRules: Readonly<Record<string, CountryRule>>;
  /** Public holidays by country (ISO 3166): closed days for journeys whose send windows close on holidays. */
  holidays?: Readonly<Record<string, readonly ClosedDays[]>>;
  /** Share of pseudonyms (0–100) that never get promotional messages, for lift measurement. */
  holdoutPercent: number;
  /** Time zone used when the profile has none and the country has no default. */
  defaultTimeZone: string;
  timeZoneByCountry: Readonly<Record<string, string>>;
  /** Message locale when the profile has none, by country (e.g. KR → ko). */
  localeByCountry: Readonly<Record<string, string>>;
  /** After `customer.account_closed`, erasure runs once this grace period has passed (ms). */
  accountClosedErasureAfter: number;
  /** Which event times are accepted (decision 0005). */
  eventTime: EventTimeRules;
  /** How long and how many applied events each customer remembers to refuse duplicates. */
  dedupe: DedupeRules;
}

export interface EventTimeRules {
  /** An event dated more than this after its receipt is refused (clock skew allowance, ms). */
  maxFutureSkew: number;
  /** Events dated before this (ISO) are refused as implausible. */
  earliest: string;
}
