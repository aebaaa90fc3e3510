import { createHash } from 'node:crypto';
import type { LogEntry } from '../../core/customer/log.ts';
import type { DecisionRecord } from '../../core/customer/outbox.ts';
import type { DecisionLog } from '../../core/ports/store.ts';

const MASK = (1n << 128n) - 1n;

/**
 * A digest of a multiset of decision records that does not depend on their order: the sum of each record's hash
 * (first 128 bits of SHA-256 of its JSON) modulo 2^128. Two replays that logged the same decisions, in whatever
 * order their customers were interleaved, get the same digest.
 */
export class DecisionDigest {
  #sum = 0n;
  count = 0;

  add(record: DecisionRecord): void {
    const hash = createHash('sha256').update(JSON.stringify(record)).digest();
    this.#sum = (this.#sum + (hash.readBigUInt64BE(0) << 64n) + hash.readBigUInt64BE(8)) & MASK;
    this.count += 1;
  }

  /** `<count>:<32 hex digits>`. */
  get value(): string {
    return `${this.count}:${this.#sum.toString(16).padStart(32, '0')}`;
  }
}

/** The decision log with every appended decision also added to `digest`. */
export function digestingDecisionLog(log: DecisionLog, digest: DecisionDigest): DecisionLog {
  return {
    append: (entries: readonly LogEntry[]) => {
      for (const entry of entries) if (entry.kind === 'decision') digest.add(entry.record);
      return log.append(entries);
    },
    decisions: (pseudonym, since) => log.decisions(pseudonym, since),
    consentHistory: (pseudonym) => log.consentHistory(pseudonym),
    conversions: (pseudonym) => log.conversions(pseudonym),
    engagements: (pseudonym) => log.engagements(pseudonym),
  };
}
