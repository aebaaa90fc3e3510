import type { Channel } from '../events/schemas.ts';
import type { LifecycleState } from '../journey-runtime/lifecycle.ts';
import type { DeliveryRequest } from '../messages/delivery.ts';
import type { ReasonCode } from '../policy/config.ts';
import type { LogEntry } from './log.ts';
import type { MessageRequest } from './request.ts';

/** `shadow`: decided by a shadow version (decision 0011), never sent; `wouldBe` says what it would have been live. */
export type DecisionOutcome = 'send' | 'suppressed' | 'deferred' | 'shadow';

/** A channel the policy did not choose for a message, and why it could not carry it. */
export interface SkippedChannel {
  channel: Channel;
  reasons: ReasonCode[];
}

/**
 * Decision log entry (`sk = D#<decidedAt>#<messageId>`): the outcome, the channel chosen and why the others were
 * skipped, and why the message was asked for.
 */
export interface DecisionRecord
  extends Omit<MessageRequest, 'priority' | 'onConflict' | 'variables' | 'channels' | 'profiling'> {
  /** The channel chosen; when no listed channel could carry the message, the first one listed. */
  channel: Channel;
  /** Listed channels that could not carry the message, in list order, with their reasons. */
  skipped?: SkippedChannel[];
  /** Listed channels after the chosen one that could: tried in order when a send on the chosen one fails. */
  fallbacks?: Channel[];
  pseudonym: string;
  /** `template` is the message's generic version, decided instead of the behaviour-based one, and why. */
  generic?: { instead: string; reason: ReasonCode };
  decidedAt: string;
  outcome: DecisionOutcome;
  reasons: ReasonCode[];
  deferredUntil?: string;
  /** A shadow version's decision: the outcome it would have had live. */
  wouldBe?: Exclude<DecisionOutcome, 'shadow'>;
  /** Suppressed only because the customer is held out: it would have been sent (the control arm of lift). */
  wouldHaveSent?: boolean;
  /** The entry's first message sent or held back: from here the entry counts as exposed (the trials of lift). */
  firstTouch?: boolean;
  policyVersion: string;
  /** The journey's lifecycle state the engine saw when it decided (absent on records made at delivery). */
  lifecycle?: LifecycleState;
}

/**
 * A journey instance reached its goal (`sk = CONV#<at>#<journeyId>#<entry>`), recorded once, with the rule that
 * attributed it and the message it was attributed to, if any.
 */
export interface ConversionRecord {
  pseudonym: string;
  journeyId: string;
  version: number;
  entry: number;
  at: string;
  event: string;
  eventId: string;
  revenue?: number;
  currency?: string;
  /** The instance's last message within the window before the conversion (last touch). */
  messageId?: string;
  /** Whether that message was held back (global holdout or a split's control), for lift. */
  heldBack?: boolean;
  /** The A/B split and variant of that message, if it came out of one. */
  split?: { name: string; variant: string };
  rule: string;
}

/**
 * What a channel reported about one message (`sk = ENG#<at>#<messageId>#<action>`), for the funnel; `failed` is the
 * delivery function's own report of a permanent channel error.
 */
export interface EngagementRecord {
  pseudonym: string;
  messageId: string;
  channel: Channel;
  action: 'delivered' | 'bounced' | 'complained' | 'opened' | 'clicked' | 'failed';
  at: string;
  bounceType?: 'hard' | 'soft';
  /** An open by a machine (mail privacy prefetch), counted apart from the customer's. */
  machine?: boolean;
}

/** How a conversion relates to the journey's messages: the arm it counts in for lift. */
export type ConversionArm = 'messaged' | 'held-back' | 'unmessaged';

export const armOf = (record: Pick<ConversionRecord, 'messageId' | 'heldBack'>): ConversionArm =>
  record.messageId === undefined ? 'unmessaged' : record.heldBack ? 'held-back' : 'messaged';

/** Append-only consent history entry (`sk = CONSENT#<at>#<channel>#<purpose>`). */
export interface ConsentProof {
  pseudonym: string;
  at: string;
  channel: Channel;
  purpose: string;
  granted: boolean;
  source: string;
  wordingVersion: string;
  eventId: string;
}

export const OUTBOUND_DETAIL_TYPES = [
  'journey.entered',
  'journey.exited',
  'journey.converted',
  'message.decided',
  'message.sent',
  'message.failed',
  'consent.reconfirmation_due',
  'privacy.erasure_completed',
  'privacy.export_ready',
] as const;
export type OutboundDetailType = (typeof OUTBOUND_DETAIL_TYPES)[number];

/** Outbound event detail: pseudonyms only, never PII. */
export interface OutboundEvent {
  detailType: OutboundDetailType;
  detail: { pseudonym: string; at: string } & Record<string, string | number | boolean | string[] | undefined>;
}

/** Effects decided in the same conditional write as the state change, dispatched after it, then cleared. */
export type OutboxItem =
  | LogEntry
  | { kind: 'delivery'; message: DeliveryRequest }
  | { kind: 'event'; event: OutboundEvent }
  | { kind: 'erasure'; reason: string; erasedAt: string; at: string; requestId?: string }
  | { kind: 'export'; requestId: string };
