import { bucketOf } from '../hash.ts';

/** Shards of the `wake` index: its partition key is `W#<shard>`, its sort key the wake time. */
export const WAKE_SHARDS = 16;

export function wakeShardOf(pseudonym: string): number {
  return bucketOf(`wake:${pseudonym}`, WAKE_SHARDS);
}

/** The `wake` index partition of a shard. */
export function wakeShardKey(shard: number): string {
  return `W#${shard}`;
}

/**
 * The wake time kept in the index. It moves earlier at once, and later only once the indexed time has passed: a
 * customer may then be woken early for nothing (the engine finds no timer due and moves the index), but a timer
 * pushed later on every event (inactivity) does not rewrite the index on every event.
 */
export function nextIndexedWake(
  indexed: string | undefined,
  earliest: string | undefined,
  nowIso: string,
): string | undefined {
  if (earliest === undefined) return undefined;
  if (indexed === undefined || earliest < indexed || indexed <= nowIso) return earliest;
  return indexed;
}
