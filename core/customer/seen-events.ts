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

const AT_SIGN = 64;
const MINUS_SIGN = 45;

/** `fnv1a(`~${text}`)` without building the string. */
function fnv1aAfterTilde(text: string): number {
  let hash = Math.imul(0x811c9dc5 ^ 126, 0x01000193);
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The eventId digested last, and its digest: a round asks whether an event was seen, then remembers it. */
let lastEventId: string | undefined;
let lastDigest = '';

/** 64-bit digest of an eventId (two FNV-1a passes, base 36). */
export function eventDigest(eventId: string): string {
  if (eventId !== lastEventId) {
    lastDigest = fnv1a(eventId).toString(36) + fnv1aAfterTilde(eventId).toString(36);
    lastEventId = eventId;
  }
  return lastDigest;
}

const entryOf = (digest: string, occurredMs: number) => `${digest}@${Math.floor(occurredMs / 1000).toString(36)}`;

/** `Number.parseInt` (base 36) of the seconds after the entry's `@`, without cutting the string. */
function secondsOf(entry: string): number {
  let index = entry.indexOf('@') + 1;
  const sign = entry.charCodeAt(index) === MINUS_SIGN ? -1 : 1;
  if (sign < 0) index += 1;
  let value = 0;
  let digits = 0;
  for (; index < entry.length; index += 1) {
    const code = entry.charCodeAt(index) | 0x20;
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 122 ? code - 87 : -1;
    if (digit < 0) break;
    value = value * 36 + digit;
    digits += 1;
  }
  return digits > 0 ? sign * value : Number.NaN;
}

export function wasSeen(state: CustomerState, eventId: string): boolean {
  const digest = eventDigest(eventId);
  for (const entry of state.seen) {
    if (entry.startsWith(digest) && entry.charCodeAt(digest.length) === AT_SIGN) return true;
  }
  return false;
}

/** Whether an event of this age can no longer be checked against this customer's memory. */
export function beyondMemory(state: CustomerState, occurredMs: number): boolean {
  return state.seenFloor !== undefined && occurredMs <= toMs(state.seenFloor);
}

/**
 * The remembered entries after adding one: those within the horizon, oldest first (a stable sort by time), the added
 * entry after those of the same second. The stored list is kept in that order, so this only looks for where the
 * horizon cuts and where the entry goes; a list out of order (not written here) is sorted.
 */
function withEntry(seen: readonly string[], added: string, addedSeconds: number, oldest: number): string[] {
  const seconds = seen.map(secondsOf);
  let inOrder = true;
  for (let index = 1; index < seconds.length && inOrder; index += 1) {
    inOrder = (seconds[index - 1] as number) <= (seconds[index] as number);
  }
  if (!inOrder) {
    const kept = [...seen.filter((_, index) => (seconds[index] as number) >= oldest), added];
    return kept.sort((a, b) => secondsOf(a) - secondsOf(b));
  }
  let from = 0;
  while (from < seconds.length && !((seconds[from] as number) >= oldest)) from += 1;
  let at = seconds.length;
  while (at > from && (seconds[at - 1] as number) > addedSeconds) at -= 1;
  const kept = seen.slice(from, at);
  kept.push(added);
  for (let index = at; index < seen.length; index += 1) kept.push(seen[index] as string);
  return kept;
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
  const added = entryOf(eventDigest(eventId), occurredMs);
  const kept = withEntry(draft.seen, added, secondsOf(added), oldest);
  const evicted = kept.splice(0, Math.max(0, kept.length - rules.capacity));
  const lastEvicted = evicted.at(-1);
  if (lastEvicted) {
    const floor = toIso(secondsOf(lastEvicted) * 1000 + 999);
    if (!draft.seenFloor || floor > draft.seenFloor) draft.seenFloor = floor;
  }
  draft.seen = kept;
}
