import { fnv1a } from '../hash.ts';
import { toIso, toMs } from '../time.ts';
import type { CustomerState } from './state.ts';

/**
 * Events applied to a customer, remembered by eventId digest for as long as an event of that age can still be
 * accepted: the dedupe horizon is a time. Each entry is `<digest>@<occurredAt in seconds, base 36>`; entries older
 * than the horizon are dropped (such events are refused at the edge), and past `capacity` the oldest are dropped and
 * `seenFloor` records how far back the memory still reaches for this customer.
 */
export interface DedupeRules {
  /** Events that occurred longer ago than this are refused: they could not be told from a duplicate (ms). */
  horizon: number;
  /** At most this many remembered events per customer, so the item stays small. */
  capacity: number;
}

/** 64-bit digest of an eventId (two FNV-1a passes, base 36). */
export function eventDigest(eventId: string): string {
  return fnv1a(eventId).toString(36) + fnv1a(`~${eventId}`).toString(36);
}

const entryOf = (digest: string, occurredMs: number) => `${digest}@${Math.floor(occurredMs / 1000).toString(36)}`;
const digestOf = (entry: string) => entry.slice(0, entry.indexOf('@'));
const secondsOf = (entry: string) => Number.parseInt(entry.slice(entry.indexOf('@') + 1), 36);

export function wasSeen(state: CustomerState, eventId: string): boolean {
  const digest = eventDigest(eventId);
  return state.seen.some((entry) => digestOf(entry) === digest);
}

/** Whether an event of this age can no longer be checked against this customer's memory. */
export function beyondMemory(state: CustomerState, occurredMs: number): boolean {
  return state.seenFloor !== undefined && occurredMs <= toMs(state.seenFloor);
}

/** Remembers an applied event, forgetting entries beyond the horizon and, past capacity, the oldest. */
export function rememberEvent(
  draft: CustomerState,
  eventId: string,
  occurredMs: number,
  now: number,
  rules: DedupeRules,
): void {
  const oldest = Math.floor((now - rules.horizon) / 1000);
  const kept = [...draft.seen.filter((entry) => secondsOf(entry) >= oldest), entryOf(eventDigest(eventId), occurredMs)];
  kept.sort((a, b) => secondsOf(a) - secondsOf(b));
  const evicted = kept.splice(0, Math.max(0, kept.length - rules.capacity));
  const lastEvicted = evicted.at(-1);
  if (lastEvicted) {
    const floor = toIso(secondsOf(lastEvicted) * 1000 + 999);
    if (!draft.seenFloor || floor > draft.seenFloor) draft.seenFloor = floor;
  }
  draft.seen = kept;
}
