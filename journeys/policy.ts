import type { PolicyConfig } from '../core/policy/config.ts';
import { days, hours, minutes } from '../core/time.ts';
import { KR_HOLIDAYS } from './holidays.ts';

/** Journey priorities: when several journeys want the same customer at once, the higher one wins. */
export const PRIORITY = {
  'consent-receipt': 60,
  'consent-reconfirmation': 50,
  customs: 50,
  cart: 40,
  purchase: 30,
  replenishment: 25,
  browse: 20,
  're-engagement': 10,
} as const;

/** The house policy (DESIGN.md §7). Change it here; every decision records `version`. */
export const policy: PolicyConfig = {
  version: 'policy-2026-11-29.2',
  caps: [
    { name: 'promotional per 24 h', max: 2, window: hours(24) },
    { name: 'promotional per 7 days', max: 5, window: days(7) },
    { name: 'promotional SMS per 24 h', max: 1, window: hours(24), channel: 'sms' },
  ],
  maxPromotionalAtOnce: 1,
  conflictDelay: hours(2),
  quietHours: { startHour: 21, endHour: 8 },
  countryRules: {
    KR: {
      nightConsentLiftsQuietHours: true,
      marketingConsentMaxAge: days(730),
      advertisingLabel: '(광고)',
      profilingConsentRequired: true,
    },
    US: { smsWindow: { startHour: 8, endHour: 21 }, promotionalEmailShows: ['postalAddress', 'unsubscribeLink'] },
  },
  holidays: { KR: KR_HOLIDAYS },
  holdoutPercent: 5,
  defaultTimeZone: 'UTC',
  timeZoneByCountry: {
    KR: 'Asia/Seoul',
    JP: 'Asia/Tokyo',
    DE: 'Europe/Berlin',
    GB: 'Europe/London',
    FR: 'Europe/Paris',
  },
  localeByCountry: { KR: 'ko', JP: 'ja', DE: 'de', FR: 'fr' },
  accountClosedErasureAfter: days(90),
  eventTime: { maxFutureSkew: minutes(5), earliest: '2000-01-01T00:00:00.000Z' },
  dedupe: { horizon: days(7), capacity: 200 },
};
