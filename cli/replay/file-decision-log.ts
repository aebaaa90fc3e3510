import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ConsentProof, DecisionRecord } from '../../core/customer/outbox.ts';
import type { DecisionLog } from '../../core/ports/store.ts';
import { LineBuffer } from './line-buffer.ts';

async function* records<T>(file: LineBuffer): AsyncGenerator<T> {
  file.flush();
  if (!existsSync(file.path)) return;
  for await (const line of createInterface({ input: createReadStream(file.path), crlfDelay: Infinity })) {
    if (line) yield JSON.parse(line) as T;
  }
}

/**
 * The decision log and consent history of an in-memory replay, appended to `decisions.jsonl` and `consent.jsonl`
 * instead of being held in memory: a replay of a million events logs hundreds of thousands of decisions, and holding
 * them would make its memory grow with its input. A replay never reads them back (privacy exports are not replayed);
 * the reads are here for completeness and scan the files (one customer's records, in sort-key order).
 */
export class FileDecisionLog implements DecisionLog {
  readonly #decisions: LineBuffer;
  readonly #consent: LineBuffer;

  constructor(paths: { decisions: string; consent: string }) {
    this.#decisions = new LineBuffer(paths.decisions);
    this.#consent = new LineBuffer(paths.consent);
  }

  async appendDecisions(decisions: readonly DecisionRecord[]): Promise<void> {
    this.#decisions.append(...decisions);
  }

  async appendConsentProofs(proofs: readonly ConsentProof[]): Promise<void> {
    this.#consent.append(...proofs);
  }

  async decisions(pseudonym: string, since = ''): Promise<DecisionRecord[]> {
    // By messageId per decision time, as the table's sort key `D#<decidedAt>#<messageId>` orders them; a later
    // record with the same key replaces the earlier one, as a put does.
    const found = new Map<string, DecisionRecord>();
    for await (const record of records<DecisionRecord>(this.#decisions)) {
      if (record.pseudonym === pseudonym && record.decidedAt >= since) {
        found.set(`${record.decidedAt}#${record.messageId}`, record);
      }
    }
    return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, record]) => record);
  }

  async consentHistory(pseudonym: string): Promise<ConsentProof[]> {
    const found = new Map<string, ConsentProof>();
    for await (const proof of records<ConsentProof>(this.#consent)) {
      if (proof.pseudonym === pseudonym) found.set(`${proof.at}#${proof.channel}#${proof.purpose}`, proof);
    }
    return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, proof]) => proof);
  }

  close(): void {
    this.#decisions.close();
    this.#consent.close();
  }
}
