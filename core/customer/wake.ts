import { bucketOf } from '../hash.ts';

export const WAKE_SHARDS = 16;

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** `yyyyMMddHHmm` of the UTC minute containing `ms`. */
export function minuteStamp(ms: number): string {
  const date = new Date(ms);
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes())
  );
}

export function floorToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

export function wakeShardOf(pseudonym: string): number {
  return bucketOf(`wake:${pseudonym}`, WAKE_SHARDS);
}

/** The sparse GSI key: `W#<yyyyMMddHHmm>#<shard>` of the minute the customer's earliest timer is due. */
export function wakeBucketKey(minuteMs: number, shard: number): string {
  return `W#${minuteStamp(minuteMs)}#${shard}`;
}

export function wakeBucketOf(wakeAtMs: number, pseudonym: string): string {
  return wakeBucketKey(wakeAtMs, wakeShardOf(pseudonym));
}
