import { WAKE_SHARDS } from '../customer/wake.ts';
import type { IngestMessage } from '../messages/queue-messages.ts';
import type { Clock } from '../ports/messaging.ts';
import type { MessageQueue } from '../ports/queue.ts';
import type { WakeIndex } from '../ports/store.ts';
import { toIso, toMs } from '../time.ts';

export interface SweepPorts {
  wakeIndex: WakeIndex;
  /** timer.due goes to the ingest queue. */
  ingest: MessageQueue<IngestMessage>;
  clock: Clock;
}

export interface SweepOptions {
  /** At most this many customers per shard and run, so one run stays short; the rest are found next run. */
  maxPerShard?: number;
  /**
   * Wake-ups enqueued by an earlier run of this sweeper (`<pseudonym>#<wakeAt>` → when), so a backlog is not enqueued
   * again every run while its timer.due is still on the queue; after `reenqueueAfter` a customer still due at the
   * same wake time is enqueued again. A customer due at a new wake time (a later timer) is enqueued at once.
   */
  recent?: Map<string, number>;
  /** @default 5 minutes */
  reenqueueAfter?: number;
}

export interface SweepResult {
  customers: number;
  /** How late the most overdue customer found is, in seconds (0 when nothing is overdue). */
  lagSeconds: number;
  /** Shards that had more due customers than `maxPerShard`. */
  truncatedShards: number;
}

const wakeKey = (customer: { pseudonym: string; wakeAt: string }) => `${customer.pseudonym}#${customer.wakeAt}`;

/**
 * Enqueues `timer.due` for every customer whose indexed wake time is at or before now, shard by shard. There is no
 * checkpoint: a customer stays in the index until its timers are handled, so whatever happened to an earlier run
 * (a crash after enqueueing, a lost message, a missed tick), the next run finds every overdue customer again.
 */
export async function handleSweep(ports: SweepPorts, options: SweepOptions = {}): Promise<SweepResult> {
  const now = ports.clock.now();
  const until = toIso(now);
  const limit = options.maxPerShard ?? 5000;
  const reenqueueAfter = options.reenqueueAfter ?? 5 * 60_000;
  const recent = options.recent;
  if (recent) for (const [pseudonym, at] of recent) if (now - at >= reenqueueAfter) recent.delete(pseudonym);
  let customers = 0;
  let oldest = now;
  let truncatedShards = 0;
  for (let shard = 0; shard < WAKE_SHARDS; shard += 1) {
    const due = await ports.wakeIndex.dueBy(shard, until, limit);
    if (due.length >= limit) truncatedShards += 1;
    const fresh = recent ? due.filter((customer) => !recent.has(wakeKey(customer))) : due;
    if (fresh.length > 0) {
      await ports.ingest.send(fresh.map(({ pseudonym }) => ({ kind: 'timer-due', pseudonym })));
      for (const customer of fresh) recent?.set(wakeKey(customer), now);
    }
    customers += fresh.length;
    for (const customer of due) oldest = Math.min(oldest, toMs(customer.wakeAt));
  }
  return { customers, lagSeconds: Math.max(0, Math.round((now - oldest) / 1000)), truncatedShards };
}
