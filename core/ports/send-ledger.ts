import type { ReasonCode } from '../policy/config.ts';

/** What became of one delivery request. */
export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'suppressed'; reasons: ReasonCode[] }
  | { status: 'failed'; error: string };

export type LedgerClaim =
  /** Nobody sent it yet: the caller holds the claim until `complete` or `release`. */
  | { status: 'claimed' }
  /**
   * Already handled; the outcome recorded then. `announced: false`: a send whose `message.sent` could not be
   * published yet, which the next delivery of the message publishes (then `markAnnounced`).
   */
  | { status: 'completed'; outcome: DeliveryOutcome; announced: boolean }
  /** Another worker holds a claim that has not expired yet. */
  | { status: 'in_progress' };

/**
 * "Sent at most once per messageId": one record per message, claimed before the send and completed after it.
 * A claim expires after a lease, so a worker that died mid-send does not block the message forever. A completed
 * send also remembers whether it was announced, so `message.sent` is published at least once (decision 0012).
 */
export interface SendLedger {
  claim(messageId: string, now: number): Promise<LedgerClaim>;
  /** Records the outcome; `announced: false` (sends only) leaves `message.sent` to a later delivery. */
  complete(messageId: string, outcome: DeliveryOutcome, now: number, options?: { announced: boolean }): Promise<void>;
  /** The `message.sent` of a send completed unannounced was published at last. */
  markAnnounced(messageId: string): Promise<void>;
  /** Gives the claim back after a failure that will be retried. */
  release(messageId: string): Promise<void>;
}
