import { CHANNELS, type Channel, CONSENT_PURPOSES, type ConsentPurpose } from '../events/schemas.ts';
import { toMs } from '../time.ts';
import type { CustomerState } from './state.ts';

/**
 * The customer-facts document: what segments (`entry.segment`, `customerMatches`) match against, in EventBridge
 * pattern syntax. Only facts, never an identifier: no customer id, pseudonym, address or event id. Fields that are
 * unknown for a customer are absent (`[{ "exists": false }]` matches them). Documented in docs/authoring.md.
 */
export interface CustomerFacts {
  /** ISO 3166 country from the profile. */
  country?: string;
  /** IANA time zone from the profile. */
  timeZone?: string;
  locale?: string;
  /** Channels with an address on file that has not bounced hard or drawn a complaint. */
  reachable: Channel[];
  /** Purposes the customer has granted, per channel: `{ "email": ["marketing", "night_marketing"] }`. */
  consent: Partial<Record<Channel, ConsentPurpose[]>>;
  /** Recency, frequency and monetary aggregates of `order.placed`; revenue adds totals as published (any currency). */
  rfm: {
    orders: number;
    revenue: number;
    /** Currency of the latest order. */
    currency?: string;
    daysSinceFirstOrder?: number;
    daysSinceLastOrder?: number;
  };
  /** Whole days since the latest activity (product view, cart change, checkout, order). */
  daysSinceLastActivity?: number;
  journeys: {
    /** Journeys the customer is in now. */
    active: string[];
    /** Journeys the customer went through to an end (any final state) at least once. */
    completed: string[];
    /** Journeys whose goal the customer reached in their latest entry. */
    converted: string[];
  };
}

/** The top-level and nested field names of `CustomerFacts`, for checking segment patterns at definition time. */
export const CUSTOMER_FACT_FIELDS = {
  country: true,
  timeZone: true,
  locale: true,
  reachable: true,
  consent: Object.fromEntries(CHANNELS.map((channel) => [channel, true])),
  rfm: { orders: true, revenue: true, currency: true, daysSinceFirstOrder: true, daysSinceLastOrder: true },
  daysSinceLastActivity: true,
  journeys: { active: true, completed: true, converted: true },
} as const satisfies FactFields;

/** A field of the facts document: `true` for a value, or the fields of an object. */
export type FactFields = { readonly [field: string]: true | FactFields };

const DAY = 86_400_000;
const daysSince = (at: string | undefined, now: number): number | undefined =>
  at === undefined ? undefined : Math.max(0, Math.floor((now - toMs(at)) / DAY));

function grantedPurposes(state: CustomerState): CustomerFacts['consent'] {
  const consent: CustomerFacts['consent'] = {};
  for (const channel of CHANNELS) {
    const granted = CONSENT_PURPOSES.filter((purpose) => state.consent[`${channel}:${purpose}`]?.granted);
    if (granted.length > 0) consent[channel] = granted;
  }
  return consent;
}

function journeyFacts(state: CustomerState): CustomerFacts['journeys'] {
  const journeys: CustomerFacts['journeys'] = { active: [], completed: [], converted: [] };
  for (const [journeyId, instance] of Object.entries(state.journeys)) {
    if (instance.status === 'active') journeys.active.push(journeyId);
    if (instance.status === 'exited' || instance.entries > 1) journeys.completed.push(journeyId);
    if (instance.convertedAt) journeys.converted.push(journeyId);
  }
  return journeys;
}

/** Pure: the facts document of a customer at `now` (epoch ms), derived from the stored state alone. */
export function customerFacts(state: CustomerState, now: number): CustomerFacts {
  const { rfm } = state;
  const firstOrder = daysSince(rfm.firstOrderAt, now);
  const lastOrder = daysSince(rfm.lastOrderAt, now);
  const lastActivity = daysSince(state.lastActivityAt, now);
  return {
    ...(state.country ? { country: state.country } : {}),
    ...(state.tz ? { timeZone: state.tz } : {}),
    ...(state.locale ? { locale: state.locale } : {}),
    reachable: CHANNELS.filter((channel) => state.has[channel] && !state.undeliverable?.[channel]),
    consent: grantedPurposes(state),
    rfm: {
      orders: rfm.orders,
      revenue: rfm.revenue,
      ...(rfm.currency ? { currency: rfm.currency } : {}),
      ...(firstOrder !== undefined ? { daysSinceFirstOrder: firstOrder } : {}),
      ...(lastOrder !== undefined ? { daysSinceLastOrder: lastOrder } : {}),
    },
    ...(lastActivity !== undefined ? { daysSinceLastActivity: lastActivity } : {}),
    journeys: journeyFacts(state),
  };
}
