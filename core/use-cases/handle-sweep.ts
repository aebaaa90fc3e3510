import { floorToMinute, WAKE_SHARDS, wakeBucketKey } from '../customer/wake.ts';
import type { IngestMessage } from '../messages/queue-messages.ts';
import type { Clock } from '../ports/messaging.ts';
import type { MessageQueue } from '../ports/queue.ts';
import type { WakeIndex } from '../ports/store.ts';
import { hours, toIso, toMs } from '../time.ts';

export interface SweepPorts {
  wakeIndex: WakeIndex;
  /** timer.due goes to the ingest queue. */
  ingest: MessageQueue<IngestMessage>;
  clock: Clock;
}

export interface SweepOptions {
  /** First run without a checkpoint looks back this far (default 1 h). */
  initialLookback?: number;
  /** At most this many minutes per run, so a long outage is caught up over several runs (default 180). */
  maxMinutesPerRun?: number;
}

export interface SweepResult {
  minutesSwept: number;
  customers: number;
  /** Seconds between the end of the newest completed minute and the end of the last minute swept. */
  lagSeconds: number;
}

/**
 * Enqueues `timer.due` for every customer whose wake bucket lies in a completed minute not swept yet, shard by
 * shard, and checkpoints each minute after it is fully enqueued: a missed run loses no timer.
 */
export async function handleSweep(ports: SweepPorts, options: SweepOptions = {}): Promise<SweepResult> {
  const now = ports.clock.now();
  const newestComplete = floorToMinute(now) - 60_000;
  const checkpoint = await ports.wakeIndex.lastSweptMinute();
  let minute = checkpoint ? toMs(checkpoint) + 60_000 : floorToMinute(now - (options.initialLookback ?? hours(1)));
  const maxMinutes = options.maxMinutesPerRun ?? 180;
  let minutesSwept = 0;
  let customers = 0;
  while (minute <= newestComplete && minutesSwept < maxMinutes) {
    for (let shard = 0; shard < WAKE_SHARDS; shard += 1) {
      const bucket = wakeBucketKey(minute, shard);
      const due = await ports.wakeIndex.dueIn(bucket);
      if (due.length > 0) await ports.ingest.send(due.map((pseudonym) => ({ kind: 'timer-due', pseudonym })));
      customers += due.length;
    }
    await ports.wakeIndex.markSwept(toIso(minute));
    minutesSwept += 1;
    minute += 60_000;
  }
  const lastSwept = minute - 60_000;
  return { minutesSwept, customers, lagSeconds: Math.max(0, (newestComplete - lastSwept) / 1000) };
}
