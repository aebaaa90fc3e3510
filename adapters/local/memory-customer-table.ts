import { createHash } from 'node:crypto';
import { KEYS } from '../../core/contracts/table.ts';
import { type LogEntry, logBodyOf, logEntryOf, logKeyOf } from '../../core/customer/log.ts';
import type {
  ConsentProof,
  ConversionRecord,
  DecisionRecord,
  EngagementRecord,
  OutboxItem,
} from '../../core/customer/outbox.ts';
import { type CustomerState, newCustomer } from '../../core/customer/state.ts';
import { VersionConflictError } from '../../core/errors.ts';
import type {
  CustomerEraser,
  CustomerStore,
  DecisionLog,
  DueCustomer,
  ErasureRef,
  LogScanner,
  WakeIndex,
} from '../../core/ports/store.ts';
import { TextPacker } from './packed-text.ts';
import { SortedWakeShards } from './sorted-wake-shards.ts';

/**
 * The customer item as stored: JSON text, so nothing a caller holds aliases the table. Every field is always set
 * (`undefined` when absent), so clearing the outbox keeps the object's shape (a `delete` turns it into a dictionary).
 */
interface StoredItem {
  v: number;
  /** The state but its outbox, version and pseudonym: JSON, or when `packed` what TextPacker made of it. */
  doc: string | number;
  packed: boolean;
  /** Kept apart, like the DynamoDB attribute, so it can be cleared alone. */
  outbox: string | undefined;
  indexedWakeAt: string | undefined;
}

/** What an erasure deleted, as its receipt holds it. */
type ErasureReceipt = { itemsDeleted: number; keysDestroyed?: number };

export interface MemoryCustomerTableOptions {
  /** Items of this many customers saved last stay plain JSON, the others are packed (~0.5 KB, not ~2.4; a cold tier). */
  hotItems?: number;
  /** Packed items go to this file (unlinked at once, gone with the process), not the heap; `close` closes it. */
  spillTo?: string;
}

/** How many plain items make the packing dictionary (see TextPacker). */
const DICTIONARY_SAMPLES = 2;

/** The log entries beside one customer item, as JSON text by sort key (a put with the same key replaces). */
type Records = Map<string, string>;

/** Sorted values of the records whose sort key lies in [from, to], as DynamoDB's `BETWEEN` on the sort key. */
function between<T>(records: Map<string, string> | undefined, from: string, to: string): T[] {
  if (!records) return [];
  const keys = [...records.keys()].filter((key) => key >= from && key <= to).sort();
  return keys.map((key) => JSON.parse(records.get(key) as string) as T);
}

/**
 * The customer table in memory, with the semantics of `DynamoCustomerTable`: conditional saves on the version
 * (`VersionConflictError`), strongly consistent reads, the sparse `wake` index by shard and indexed wake time, the
 * decision log and consent history by sort key, and erasure of everything but the customer item and the erasures'
 * receipts. Items are kept as JSON text, so callers never share state with the table. Every operation works on maps
 * and sorted arrays; nothing scans the whole table. For replays and tests in one process.
 */
export class MemoryCustomerTable implements CustomerStore, DecisionLog, LogScanner, WakeIndex, CustomerEraser {
  readonly #items = new Map<string, StoredItem>();
  readonly #records = new Map<string, Records>();
  #wake = new SortedWakeShards();
  readonly #hotItems: number;
  readonly #spillTo: string | undefined;
  /** The customers whose items are plain, least recently saved first. */
  readonly #hot = new Set<string>();
  #packer: TextPacker | undefined;

  constructor(options: MemoryCustomerTableOptions = {}) {
    this.#hotItems = options.hotItems ?? Number.POSITIVE_INFINITY;
    this.#spillTo = options.spillTo;
  }

  async load(pseudonym: string): Promise<CustomerState> {
    const item = this.#items.get(pseudonym);
    if (!item) return newCustomer(pseudonym);
    const rest = JSON.parse(this.#docOf(item)) as Omit<CustomerState, 'pseudonym' | 'v' | 'outbox'>;
    return {
      ...rest,
      pseudonym,
      v: item.v,
      ...(item.indexedWakeAt ? { indexedWakeAt: item.indexedWakeAt } : {}),
      outbox: item.outbox ? (JSON.parse(item.outbox) as OutboxItem[]) : [],
    };
  }

  async save(state: CustomerState, expectedVersion: number): Promise<CustomerState> {
    if (this.version(state.pseudonym) !== expectedVersion) {
      throw new VersionConflictError({ pseudonym: state.pseudonym, expectedVersion });
    }
    const saved = { ...state, v: expectedVersion + 1 };
    this.put(saved);
    return saved;
  }

  /** The customer's stored version (0: never saved), without reading the item. */
  version(pseudonym: string): number {
    return this.#items.get(pseudonym)?.v ?? 0;
  }

  /** Stores the state as it is, version included, with no version check: for a write-back cache in front. */
  put(state: CustomerState): void {
    const { pseudonym, v, outbox, indexedWakeAt, ...rest } = state;
    const stored = this.#items.get(pseudonym);
    const item: StoredItem = {
      v,
      doc: JSON.stringify(rest),
      packed: false,
      outbox: outbox.length > 0 ? JSON.stringify(outbox) : undefined,
      indexedWakeAt: indexedWakeAt || undefined,
    };
    this.#wake.move(pseudonym, stored?.indexedWakeAt, indexedWakeAt);
    this.#items.set(pseudonym, item);
    this.#touch(pseudonym);
  }

  async clearOutbox(pseudonym: string, expectedVersion: number): Promise<boolean> {
    const item = this.#items.get(pseudonym);
    if (!item || item.v !== expectedVersion) return false;
    item.outbox = undefined;
    return true;
  }

  async append(entries: readonly LogEntry[]): Promise<void> {
    for (const entry of entries) {
      const { pseudonym, sortKey } = logKeyOf(entry);
      this.#recordsOf(pseudonym).set(sortKey, JSON.stringify(logBodyOf(entry)));
    }
  }

  async conversions(pseudonym: string): Promise<ConversionRecord[]> {
    const prefix = KEYS.conversionPrefix;
    return between(this.#records.get(pseudonym), prefix, `${prefix}~`);
  }

  async engagements(pseudonym: string): Promise<EngagementRecord[]> {
    const prefix = KEYS.engagementPrefix;
    return between(this.#records.get(pseudonym), prefix, `${prefix}~`);
  }

  async decisions(pseudonym: string, since = ''): Promise<DecisionRecord[]> {
    const prefix = KEYS.decisionPrefix;
    return between(this.#records.get(pseudonym), `${prefix}${since}`, `${prefix}~`);
  }

  async consentHistory(pseudonym: string): Promise<ConsentProof[]> {
    return between(this.#records.get(pseudonym), KEYS.consentPrefix, `${KEYS.consentPrefix}\uffff`);
  }

  async dueBy(shard: number, until: string, limit: number): Promise<DueCustomer[]> {
    return this.#wake.dueBy(shard, until, limit);
  }

  async eraseRecords(pseudonym: string, erasure: ErasureRef): Promise<number> {
    const records = this.#recordsOf(pseudonym);
    const receipt = KEYS.erasure(erasure.erasedAt, erasure.request);
    const doomed = [...records.keys()].filter((key) => !key.startsWith(KEYS.erasurePrefix));
    if (!records.has(receipt)) records.set(receipt, JSON.stringify({ itemsDeleted: doomed.length }));
    for (const key of doomed) records.delete(key);
    return (JSON.parse(records.get(receipt) as string) as ErasureReceipt).itemsDeleted;
  }

  async recordKeysDestroyed(pseudonym: string, erasure: ErasureRef, keysDestroyed: number): Promise<number> {
    const records = this.#records.get(pseudonym);
    const key = KEYS.erasure(erasure.erasedAt, erasure.request);
    const receipt = records?.get(key);
    if (!records || receipt === undefined) return keysDestroyed;
    const counted = JSON.parse(receipt) as ErasureReceipt;
    if (counted.keysDestroyed !== undefined) return counted.keysDestroyed;
    records.set(key, JSON.stringify({ ...counted, keysDestroyed }));
    return keysDestroyed;
  }

  /** The earliest indexed wake time of any customer (what a sweep would find first), without a query per shard. */
  nextWakeAt(): string | undefined {
    return this.#wake.earliest();
  }

  async *scanLog(): AsyncIterable<LogEntry> {
    for (const records of this.#records.values()) {
      for (const [sortKey, body] of records) {
        const entry = logEntryOf(sortKey, JSON.parse(body));
        if (entry) yield entry;
      }
    }
  }

  /** Every stored customer, for replays' summaries and tests. */
  pseudonyms(): string[] {
    return [...this.#items.keys()];
  }

  /** An independent copy (a replay forked at this point); items are immutable text, so copying the maps suffices. */
  clone(): MemoryCustomerTable {
    const copy = new MemoryCustomerTable({ hotItems: this.#hotItems });
    copy.#packer = this.#packer;
    for (const pseudonym of this.#hot) copy.#hot.add(pseudonym);
    for (const [pseudonym, item] of this.#items) copy.#items.set(pseudonym, { ...item });
    for (const [pseudonym, records] of this.#records) {
      copy.#records.set(pseudonym, new Map(records));
    }
    copy.#wake = this.#wake.clone();
    return copy;
  }

  /**
   * A digest of every item and record, versions left out: two tables with the same digest hold the same customers,
   * decisions and consent proofs (whether two replays ended in the same place).
   */
  digest(): string {
    const hash = createHash('sha256');
    for (const pseudonym of [...this.#items.keys()].sort()) {
      const item = this.#items.get(pseudonym) as StoredItem;
      const { outbox, indexedWakeAt } = item;
      hash.update(`${pseudonym}\n${this.#docOf(item)}\n${outbox ?? ''}\n${indexedWakeAt ?? ''}\n`);
    }
    for (const pseudonym of [...this.#records.keys()].sort()) {
      const records = this.#records.get(pseudonym) as Records;
      for (const key of [...records.keys()].sort()) hash.update(`${pseudonym}\n${key}\n${records.get(key)}\n`);
    }
    return hash.digest('hex');
  }

  /** Counts of plain and packed items (how much of the table the cold tier holds). */
  tiers(): { plain: number; packed: number } {
    let packed = 0;
    for (const item of this.#items.values()) if (item.packed) packed += 1;
    return { plain: this.#items.size - packed, packed };
  }

  /** Closes the spill file, if any (its items are then unreadable). */
  close(): void {
    this.#packer?.close();
  }

  #docOf(item: StoredItem): string {
    return item.packed ? (this.#packer as TextPacker).unpack(item.doc) : (item.doc as string);
  }

  /** Marks the customer saved last; past `hotItems`, packs the item of the customer saved least recently. */
  #touch(pseudonym: string): void {
    this.#hot.delete(pseudonym);
    this.#hot.add(pseudonym);
    if (this.#hot.size <= this.#hotItems) return;
    const samples = () =>
      [...this.#hot].slice(0, DICTIONARY_SAMPLES).map((hot) => String(this.#items.get(hot)?.doc ?? ''));
    this.#packer ??= new TextPacker(samples(), this.#spillTo === undefined ? {} : { spillTo: this.#spillTo });
    const coldest = this.#hot.values().next().value as string;
    this.#hot.delete(coldest);
    const item = this.#items.get(coldest) as StoredItem;
    item.doc = this.#packer.pack(item.doc as string);
    item.packed = true;
  }

  #recordsOf(pseudonym: string): Records {
    let records = this.#records.get(pseudonym);
    if (!records) {
      records = new Map();
      this.#records.set(pseudonym, records);
    }
    return records;
  }
}
