import type { DecisionRecord } from '../customer/outbox.ts';

/**
 * What outcome reporting reads: the decision log as the engine writes it, plus the few facts that arrive later
 * (delivery outcomes, engagement, conversions) and the journey entries and exits. Pseudonyms only, never PII.
 * A replay or an export of the table turns its data into a stream of these; `buildFunnels` and friends count them.
 */
export type OutcomeRecord = JourneyEntered | JourneyExited | DecisionMade | DeliveryOutcome | Engagement | Conversion;

/** The journey instance a record belongs to: one customer's n-th entry into one journey. */
export interface InstanceRef {
  journeyId: string;
  pseudonym: string;
  entry: number;
}

export interface JourneyEntered extends InstanceRef {
  kind: 'entered';
  at: string;
}

export interface JourneyExited extends InstanceRef {
  kind: 'exited';
  /** The final state's name (`converted`, `expired`, …). */
  outcome: string;
  at: string;
}

/** The fields of a `DecisionRecord` that counting needs; a whole decision record is one too. */
export type DecisionFields = Pick<
  DecisionRecord,
  | 'messageId'
  | 'journeyId'
  | 'entry'
  | 'message'
  | 'pseudonym'
  | 'channel'
  | 'category'
  | 'outcome'
  | 'reasons'
  | 'decidedAt'
  | 'split'
>;

export interface DecisionMade {
  kind: 'decision';
  record: DecisionFields;
}

/**
 * What happened to a sent message at the channel: `delivered`, `bounced` (hard or soft), `failed` (the sender gave
 * up), or `withheld` (the delivery-time re-check stopped it: erasure, consent withdrawn, address gone).
 */
export interface DeliveryOutcome {
  kind: 'delivery';
  messageId: string;
  status: 'delivered' | 'bounced' | 'failed' | 'withheld';
  at: string;
}

/** Engagement reported by the channel for one message. */
export interface Engagement {
  kind: 'engagement';
  messageId: string;
  action: 'opened' | 'clicked' | 'complained';
  at: string;
}

/**
 * A journey goal reached, recorded once per journey instance (DESIGN.md §12) with the attribution rule used;
 * `messageId` is the message it is attributed to, when the rule attributed it to one.
 */
export interface Conversion extends InstanceRef {
  kind: 'conversion';
  at: string;
  messageId?: string;
  /** Order value in the report's currency (a producer with several currencies converts first). */
  revenue?: number;
  rule?: string;
}

export const instanceKey = (ref: InstanceRef): string => `${ref.journeyId}\u0000${ref.pseudonym}\u0000${ref.entry}`;
