import type { ReasonCode } from '../policy/config.ts';

/** What became of one delivery request. */
export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'suppressed'; reasons: ReasonCode[] }
  | { status: 'failed'; error: string };

export type LedgerClaim =
  /** Nobody sent it yet: the caller holds the claim until `complete` or `release`. */
  | { status: 'claimed' }
  /** Already handled; the outcome recorded then. */
  | { status: 'completed'; outcome: DeliveryOutcome }
  /** Another worker holds a claim that has not expired yet. */
  | { status: 'in_progress' };

/**
 * "Sent at most once per messageId": one record per message, claimed before the send and completed after it.
 * A claim expires after a lease, so a worker that died mid-send does not block the message forever.
 */
export interface SendLedger {
  claim(messageId: string, now: number): Promise<LedgerClaim>;
  complete(messageId: string, outcome: DeliveryOutcome, now: number): Promise<void>;
  /** Gives the claim back after a failure that will be retried. */
  release(messageId: string): Promise<void>;
}
