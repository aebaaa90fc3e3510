import type { Channel, ConsentPurpose } from '../events/schemas.ts';
import type { CarriedFacts } from '../journey-runtime/definition.ts';
import type { CompactSnapshot } from '../journey-runtime/step.ts';
import type { OutboxItem } from './outbox.ts';

export type ConsentKey = `${Channel}:${ConsentPurpose}`;

/** Profile fields a `customer.profile_updated` may set, each on its own (the contact as one sealed blob). */
export type ProfileField = 'contact' | 'tz' | 'country' | 'locale';

export interface ConsentEntry {
  granted: boolean;
  /** When the customer gave or withdrew it (event time). */
  at: string;
  source: string;
  wordingVersion: string;
  /** Set once `consent.reconfirmation_due` has been emitted for this grant. */
  reconfirmationDueAt?: string;
}

/** Why the latest trigger of a journey did not enter it: its entry filter or its segment did not match. */
export interface EntryRefusal {
  at: string;
  /** The trigger's detail-type (or internal event) and eventId. */
  trigger: string;
  eventId?: string;
  condition: 'filter' | 'segment';
}

export interface JourneyInstance {
  /** Definition version the instance entered with. */
  version: number;
  snapshot: CompactSnapshot;
  enteredAt: string;
  /** How many times the customer entered this journey; the current entry's number. */
  entries: number;
  /** When the event that entered the journey occurred (inbound triggers only). */
  since?: string;
  /** Messages asked for in this entry; the `n` of messageIds. */
  asked: number;
  /** The entry's last message sent, or held back in a control group: what a conversion is attributed to. */
  lastTouch?: { messageId: string; at: string; heldBack?: boolean; split?: { name: string; variant: string } };
  /** When this entry reached its goal (recorded once). */
  convertedAt?: string;
  status: 'active' | 'exited';
  outcome?: string;
  /** What the last exited entry left for the next one (the definition's `carryOver`): compact facts, no identifiers. */
  carried?: CarriedFacts;
  exitedAt?: string;
}

/**
 * What a shadow version (decision 0011) keeps of its own for a customer: its instance, the promotional sends it would
 * have made (for its caps) and its pending timers. Never seen by the live journeys.
 */
export interface ShadowLane {
  instance?: JourneyInstance;
  sent?: SentRecord[];
  timers?: PendingTimer[];
}

/** A recent promotional send, kept for rolling-window caps and duplicate checks (trimmed to the longest window). */
export interface SentRecord {
  messageId: string;
  at: string;
  channel: Channel;
  /** Channels the message falls back to if the send on `channel` fails: counted against their caps too. */
  fallbacks?: Channel[];
  journeyId: string;
}

export type PendingTimer =
  | { kind: 'journey'; id: string; fireAt: string; journeyId: string; entry: number; event?: string }
  | { kind: 'deferred'; id: string; fireAt: string; request: import('./request.ts').MessageRequest }
  | { kind: 'inactivity'; id: 'inactivity'; fireAt: string }
  | { kind: 'erasure'; id: 'erasure'; fireAt: string }
  | { kind: 'export'; id: `export/${string}`; fireAt: string; requestId: string };

export interface Rfm {
  orders: number;
  revenue: number;
  currency?: string;
  firstOrderAt?: string;
  lastOrderAt?: string;
}

/** The customer item (`pk = C#<pseudonym>`, `sk = STATE`), DESIGN.md §4. */
export interface CustomerState {
  pseudonym: string;
  /** Optimistic-lock version; 0 for a customer not stored yet. */
  v: number;
  /** Envelope-encrypted contact blob (encryption context {pseudonym, purpose: "contact"}). */
  contact?: string;
  /** Which channels have an address; no PII. */
  has: Partial<Record<Channel, boolean>>;
  /** Addresses reported undeliverable (hard bounce, complaint), by channel, until the contact changes. */
  undeliverable?: Partial<Record<Channel, string>>;
  tz?: string;
  country?: string;
  locale?: string;
  /** Event time of the newest profile update applied. */
  profileAt?: string;
  /**
   * Event time each profile field was last set at: an update arriving late changes only the fields no newer update
   * has set (absent on items written before it: their fields count as set at `profileAt`).
   */
  profileFieldsAt?: Partial<Record<ProfileField, string>>;
  consent: Partial<Record<ConsentKey, ConsentEntry>>;
  journeys: Record<string, JourneyInstance>;
  sent: SentRecord[];
  /** Events applied within the dedupe horizon (see `seen-events.ts`), oldest first. */
  seen: string[];
  /** Set once the memory overflowed: events that occurred at or before it can no longer be deduplicated. */
  seenFloor?: string;
  outbox: OutboxItem[];
  timers: PendingTimer[];
  /** The wake time the `wake` index holds for this customer (see `nextIndexedWake`); absent when no timer is pending. */
  indexedWakeAt?: string;
  lastActivityAt?: string;
  /** Shadow versions' own state, by journey id (a shadow runs beside the live version it would replace). */
  shadows?: Record<string, ShadowLane>;
  /** The latest refused entry per journey (entry filter or segment), for `npm run why`; cleared on entry. */
  entryRefusals?: Record<string, EntryRefusal>;
  /** When each event type that ends some journey (`entry.endedBy`) last occurred. */
  lastAt?: Record<string, string>;
  rfm: Rfm;
  closedAt?: string;
  /** Set from the erasure tombstone: events that happened before it are dropped. */
  erasedAt?: string;
  /**
   * When the erasure was carried out (the time of the round that applied it; `erasedAt` is the request's event time,
   * which may be earlier): every message decided until then was decided for the erased customer.
   */
  erasureAppliedAt?: string;
}

export function newCustomer(pseudonym: string): CustomerState {
  return {
    pseudonym,
    v: 0,
    has: {},
    consent: {},
    journeys: {},
    sent: [],
    seen: [],
    outbox: [],
    timers: [],
    rfm: { orders: 0, revenue: 0 },
  };
}

/** Earliest pending timer, shadow versions' included: the customer's `wakeAt` for the sparse `wake` index. */
export function wakeAt(state: CustomerState): string | undefined {
  let earliest: string | undefined;
  for (const timer of state.timers) {
    if (earliest === undefined || timer.fireAt < earliest) earliest = timer.fireAt;
  }
  for (const journeyId in state.shadows) {
    for (const timer of state.shadows[journeyId]?.timers ?? []) {
      if (earliest === undefined || timer.fireAt < earliest) earliest = timer.fireAt;
    }
  }
  return earliest;
}
