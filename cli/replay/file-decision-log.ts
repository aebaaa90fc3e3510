import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type LogEntry, logKeyOf } from '../../core/customer/log.ts';
import type { ConsentProof, ConversionRecord, DecisionRecord, EngagementRecord } from '../../core/customer/outbox.ts';
import type { DecisionLog, LogScanner } from '../../core/ports/store.ts';
import { LineBuffer } from './line-buffer.ts';

/**
 * The customer log of an in-memory replay, appended to one `log.jsonl` (a log entry per line) instead of being held
 * in memory: a replay of a million events logs hundreds of thousands of entries, and holding them would make its
 * memory grow with its input. The replay's report reads the file once (`scanLog`); the per-customer reads are here for
 * completeness and scan the file (one customer's entries in sort-key order; a later entry with the same sort key
 * replaces the earlier one, as a put does).
 */
export class FileDecisionLog implements DecisionLog, LogScanner {
  readonly #file: LineBuffer;

  constructor(path: string) {
    this.#file = new LineBuffer(path);
  }

  get path(): string {
    return this.#file.path;
  }

  async append(entries: readonly LogEntry[]): Promise<void> {
    this.#file.append(...entries);
  }

  async *scanLog(): AsyncIterable<LogEntry> {
    this.#file.flush();
    if (!existsSync(this.#file.path)) return;
    for await (const line of createInterface({ input: createReadStream(this.#file.path), crlfDelay: Infinity })) {
      if (line) yield JSON.parse(line) as LogEntry;
    }
  }

  async decisions(pseudonym: string, since = ''): Promise<DecisionRecord[]> {
    const found = await this.#customerEntries(pseudonym, 'decision');
    return found.filter((record) => record.decidedAt >= since);
  }

  consentHistory(pseudonym: string): Promise<ConsentProof[]> {
    return this.#customerEntries(pseudonym, 'consent-proof');
  }

  conversions(pseudonym: string): Promise<ConversionRecord[]> {
    return this.#customerEntries(pseudonym, 'conversion');
  }

  engagements(pseudonym: string): Promise<EngagementRecord[]> {
    return this.#customerEntries(pseudonym, 'engagement');
  }

  close(): void {
    this.#file.close();
  }

  async #customerEntries<K extends LogEntry['kind']>(
    pseudonym: string,
    kind: K,
  ): Promise<Array<BodyOf<Extract<LogEntry, { kind: K }>>>> {
    const found = new Map<string, BodyOf<Extract<LogEntry, { kind: K }>>>();
    for await (const entry of this.scanLog()) {
      if (entry.kind !== kind) continue;
      const key = logKeyOf(entry);
      if (key.pseudonym !== pseudonym) continue;
      const body = entry.kind === 'consent-proof' ? entry.proof : entry.record;
      found.set(key.sortKey, body as BodyOf<Extract<LogEntry, { kind: K }>>);
    }
    return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, body]) => body);
  }
}

type BodyOf<E extends LogEntry> = E extends { proof: infer P } ? P : E extends { record: infer R } ? R : never;
