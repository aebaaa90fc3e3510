import { WAKE_SHARDS, wakeShardOf } from '../../core/customer/wake.ts';
import type { DueCustomer } from '../../core/ports/store.ts';

/** One shard of the `wake` index, sorted by (wakeAt, pseudonym). */
type Shard = Array<{ wakeAt: string; pseudonym: string }>;

const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const compareEntries = (a: Shard[number], b: Shard[number]) =>
  order(a.wakeAt, b.wakeAt) || order(a.pseudonym, b.pseudonym);

/** First index whose entry is not before `entry`. */
function lowerBound(shard: Shard, entry: Shard[number]): number {
  let low = 0;
  let high = shard.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareEntries(shard[middle] as Shard[number], entry) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The sparse `wake` index in memory: per shard, customers sorted by indexed wake time; moves by binary search. */
export class SortedWakeShards {
  readonly #shards: Shard[] = Array.from({ length: WAKE_SHARDS }, () => []);

  /** Moves the customer in its shard, from the wake time it had (if any) to the one it has now (if any). */
  move(pseudonym: string, before: string | undefined, after: string | undefined): void {
    if (before === after) return;
    const shard = this.#shards[wakeShardOf(pseudonym)] as Shard;
    if (before !== undefined) {
      const at = lowerBound(shard, { wakeAt: before, pseudonym });
      if (shard[at]?.pseudonym === pseudonym && shard[at]?.wakeAt === before) shard.splice(at, 1);
    }
    if (after !== undefined) {
      const entry = { wakeAt: after, pseudonym };
      shard.splice(lowerBound(shard, entry), 0, entry);
    }
  }

  /** The customers of a shard due by `until`, earliest first, at most `limit`. */
  dueBy(shard: number, until: string, limit: number): DueCustomer[] {
    const due: DueCustomer[] = [];
    for (const entry of this.#shards[shard] ?? []) {
      if (entry.wakeAt > until || due.length >= limit) break;
      due.push({ pseudonym: entry.pseudonym, wakeAt: entry.wakeAt });
    }
    return due;
  }

  /** The earliest wake time of any shard. */
  earliest(): string | undefined {
    let earliest: string | undefined;
    for (const shard of this.#shards) {
      const head = shard[0]?.wakeAt;
      if (head !== undefined && (earliest === undefined || head < earliest)) earliest = head;
    }
    return earliest;
  }

  clone(): SortedWakeShards {
    const copy = new SortedWakeShards();
    this.#shards.forEach((shard, index) => {
      copy.#shards[index] = shard.map((entry) => ({ ...entry }));
    });
    return copy;
  }
}
