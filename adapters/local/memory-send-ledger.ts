import type { DeliveryOutcome, LedgerClaim, SendLedger } from '../../core/ports/send-ledger.ts';

type LedgerRecord = { outcome?: DeliveryOutcome; leaseUntil?: number; unannounced?: true };

/**
 * The send ledger in memory, for replays and tests that run in one process; a claim expires after its lease. `records`
 * may be a map that forgets (a replay's bounded window), which is all "at most once" needs when each delivery is
 * handled once, right after its decision.
 */
export class MemorySendLedger implements SendLedger {
  readonly #records: Map<string, LedgerRecord>;
  readonly #leaseMs: number;

  constructor(options: { leaseMs?: number; records?: Map<string, LedgerRecord> } = {}) {
    this.#leaseMs = options.leaseMs ?? 120_000;
    this.#records = options.records ?? new Map();
  }

  async claim(messageId: string, now: number): Promise<LedgerClaim> {
    const record = this.#records.get(messageId);
    if (record?.outcome) return { status: 'completed', outcome: record.outcome, announced: !record.unannounced };
    if (record && (record.leaseUntil ?? 0) > now) return { status: 'in_progress' };
    this.#records.set(messageId, { leaseUntil: now + this.#leaseMs });
    return { status: 'claimed' };
  }

  async complete(
    messageId: string,
    outcome: DeliveryOutcome,
    _now?: number,
    options: { announced: boolean } = { announced: true },
  ): Promise<void> {
    this.#records.set(messageId, options.announced ? { outcome } : { outcome, unannounced: true });
  }

  async markAnnounced(messageId: string): Promise<void> {
    const outcome = this.#records.get(messageId)?.outcome;
    if (outcome) this.#records.set(messageId, { outcome });
  }

  async release(messageId: string): Promise<void> {
    if (!this.#records.get(messageId)?.outcome) this.#records.delete(messageId);
  }
}
