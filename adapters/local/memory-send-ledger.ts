import type { DeliveryOutcome, LedgerClaim, SendLedger } from '../../core/ports/send-ledger.ts';

/** The send ledger in memory, for replays and tests that run in one process. */
export class MemorySendLedger implements SendLedger {
  readonly #records = new Map<string, { outcome?: DeliveryOutcome }>();

  async claim(messageId: string): Promise<LedgerClaim> {
    const record = this.#records.get(messageId);
    if (record?.outcome) return { status: 'completed', outcome: record.outcome };
    if (record) return { status: 'in_progress' };
    this.#records.set(messageId, {});
    return { status: 'claimed' };
  }

  async complete(messageId: string, outcome: DeliveryOutcome): Promise<void> {
    this.#records.set(messageId, { outcome });
  }

  async release(messageId: string): Promise<void> {
    if (!this.#records.get(messageId)?.outcome) this.#records.delete(messageId);
  }
}
