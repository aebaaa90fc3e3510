import type { LogEntry } from '../customer/log.ts';
import type { ConsentProof, ConversionRecord, DecisionRecord, EngagementRecord } from '../customer/outbox.ts';
import type { CustomerState } from '../customer/state.ts';

/** The customer item: one strongly consistent read and one conditional write per processed event. */
export interface CustomerStore {
  /** A customer never stored comes back as a new customer (v 0); an erased one as its tombstone (`erasedAt`). */
  load(pseudonym: string): Promise<CustomerState>;
  /**
   * Writes the state if the stored version is still `expectedVersion` (0: not stored yet), including its wake index keys.
   * Returns the stored state with `v` incremented; throws `VersionConflictError` otherwise.
   */
  save(state: CustomerState, expectedVersion: number): Promise<CustomerState>;
  /** Removes the dispatched outbox if the item is still at `expectedVersion`; false when it moved on. */
  clearOutbox(pseudonym: string, expectedVersion: number): Promise<boolean>;
}

/** The customer's append-only log beside the customer item: decisions, consent proofs, conversions, engagement, journey entries and exits. */
export interface DecisionLog {
  /** Writes log entries (idempotent: an entry written twice is stored once, under its sort key). */
  append(entries: readonly LogEntry[]): Promise<void>;
  /** Decisions of one customer since an ISO time, oldest first. */
  decisions(pseudonym: string, since?: string): Promise<DecisionRecord[]>;
  consentHistory(pseudonym: string): Promise<ConsentProof[]>;
  /** The customer's conversions, oldest first. */
  conversions(pseudonym: string): Promise<ConversionRecord[]>;
  /** What channels reported about the customer's messages, oldest first. */
  engagements(pseudonym: string): Promise<EngagementRecord[]>;
}

/** Every log entry of every customer, for reports over the whole store (a full read: never on the event path). */
export interface LogScanner {
  scanLog(): AsyncIterable<LogEntry>;
}

/** A customer the `wake` index holds as due. */
export interface DueCustomer {
  pseudonym: string;
  wakeAt: string;
}

/** The sparse `wake` index the sweeper reads. */
export interface WakeIndex {
  /** Customers of one shard whose indexed wake time is at or before `until` (ISO), earliest first, at most `limit`. */
  dueBy(shard: number, until: string, limit: number): Promise<DueCustomer[]>;
}

/** Which erasure of a customer: its tombstone time and the request it answers (its id, or the reason without one). */
export interface ErasureRef {
  erasedAt: string;
  request: string;
}

/**
 * Deletes what an erasure leaves outside the customer item (which the engine turned into the tombstone), and keeps
 * the erasure's receipt: what it deleted, counted once, so a repeat of the erasure (a lost response, a message
 * delivered twice) reports what the erasure deleted, not what the repeat found left (decision 0012).
 */
export interface CustomerEraser {
  /**
   * Deletes every item of the customer but the customer item and the erasure receipts. Returns how many items this
   * erasure deleted in all: its first run writes the count to the receipt before deleting anything.
   */
  eraseRecords(pseudonym: string, erasure: ErasureRef): Promise<number>;
  /** Puts on the erasure's receipt how many data keys it destroyed, unless already there; returns the number kept. */
  recordKeysDestroyed(pseudonym: string, erasure: ErasureRef, keysDestroyed: number): Promise<number>;
}
