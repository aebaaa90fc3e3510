import { fnv1a } from '../../core/hash.ts';
import { uuidFrom } from './rees46.ts';
import type { SourceEvent } from './sources.ts';

/**
 * Proportions of the synthetic consent and contact profiles given to replayed customers (the data sets have none).
 * Each customer's profile depends only on the seed and the customer id, so a replay is reproducible.
 */
export const PROFILE_MIX = {
  email: 0.9,
  phone: 0.6,
  emailMarketingConsent: 0.7,
  smsMarketingConsent: 0.3,
  nightMarketingConsent: 0.1,
  /** Consent was given between 1 and this many days before the customer's first event (KR: > 730 is stale). */
  maxConsentAgeDays: 900,
  countries: [
    { country: 'KR', share: 0.3, timeZones: ['Asia/Seoul'], locale: 'ko' },
    {
      country: 'US',
      share: 0.3,
      timeZones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles'],
      locale: 'en',
    },
    { country: 'DE', share: 0.2, timeZones: ['Europe/Berlin'], locale: 'de' },
    { country: 'GB', share: 0.1, timeZones: ['Europe/London'], locale: 'en' },
    { country: 'JP', share: 0.1, timeZones: ['Asia/Tokyo'], locale: 'ja' },
  ],
} as const;

/** mulberry32: a tiny seeded PRNG (numbers in [0, 1)). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST_NAMES = ['Jimin', 'Seo-yeon', 'Alex', 'Maria', 'Lukas', 'Emma', 'Haruto', 'Olivia', 'Minho', 'Noah'];

/** Profile and consent events for a customer seen for the first time at `firstSeen` (ms). */
export function syntheticProfile(customerId: string, firstSeen: number, seed: number): SourceEvent[] {
  const next = random(fnv1a(`${seed}:${customerId}`));
  const pick = next();
  let cumulative = 0;
  const place =
    PROFILE_MIX.countries.find((entry) => {
      cumulative += entry.share;
      return pick < cumulative;
    }) ?? PROFILE_MIX.countries[0];
  const timeZone = place.timeZones[Math.floor(next() * place.timeZones.length)] as string;
  const handle = customerId.replace(/[^a-z0-9-]/gi, '');
  const contact: Record<string, string> = { firstName: FIRST_NAMES[Math.floor(next() * FIRST_NAMES.length)] as string };
  if (next() < PROFILE_MIX.email) contact.email = `${handle}@example.test`;
  if (next() < PROFILE_MIX.phone) contact.phone = `+1555${String(fnv1a(customerId) % 10_000_000).padStart(7, '0')}`;
  const at = (msBefore: number) => new Date(firstSeen - msBefore).toISOString();
  const base = (kind: string, occurredAt: string) => ({
    v: 1,
    eventId: uuidFrom(`synthetic:${seed}:${customerId}:${kind}`),
    occurredAt,
    customerId,
  });
  const events: SourceEvent[] = [
    {
      detailType: 'customer.profile_updated',
      detail: { ...base('profile', at(1000)), contact, timeZone, country: place.country, locale: place.locale },
    },
  ];
  const consentAt = at(Math.ceil(next() * PROFILE_MIX.maxConsentAgeDays) * 86_400_000);
  const consent = (channel: string, purpose: string) =>
    events.push({
      detailType: 'consent.changed',
      detail: {
        ...base(`${channel}:${purpose}`, consentAt),
        channel,
        purpose,
        granted: true,
        source: 'synthetic',
        wordingVersion: 'replay-v1',
      },
    });
  if (next() < PROFILE_MIX.emailMarketingConsent) consent('email', 'marketing');
  if (next() < PROFILE_MIX.smsMarketingConsent) consent('sms', 'marketing');
  if (next() < PROFILE_MIX.nightMarketingConsent) consent('all', 'night_marketing');
  return events;
}
