import type { SimOutcome } from './simulation.ts';

const sample = (items: Iterable<string>, limit = 3) => {
  const list = [...items];
  return `${list.slice(0, limit).join(', ')}${list.length > limit ? ` … (${list.length})` : ''}`;
};
const minus = (a: Iterable<string>, b: { has(key: string): boolean }) => [...a].filter((key) => !b.has(key));

/** The first difference between two JSON texts, as `path: a ≠ b`. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path || '.'}: ${JSON.stringify(a)?.slice(0, 120)} ≠ ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (found) return found;
  }
  return undefined;
}

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
/** The entry time inside a messageId (`<journey>:<pseudonym16>.<entry>.<entered at, base 36>:<message>:<n>`). */
const ENTERED_AT = /([0-9a-f]{16}\.\d+\.)[0-9a-z]+(?=:)/g;
/** A text with every ISO time and messageId entry time masked: what is left when only timing may differ. */
export const timeBlind = (text: string) => text.replace(ISO_TIME, 'T').replace(ENTERED_AT, '$1T');

export interface Verdict {
  violations: string[];
  /** Differences the fault was allowed to make (timing after a failed sweep). */
  notes: string[];
}

/**
 * What a run with faults must share with the fault-free run of the same input, and what it must never do.
 * Returns one line per broken invariant (empty: all hold):
 * - no dead letters (one fault, five receives);
 * - no lost transitions: every customer item (versions aside) and every decision as in the fault-free run, the same
 *   messages decided `send`, the same outbound events (each at least once), the same exports;
 * - no duplicate sends: each messageId reaches a recipient at most once (a provider's "already sent" is counted
 *   apart), and the same messages reach recipients;
 * - no orphaned outbox: no item holds an outbox after draining, every `send` reached the delivery queue, no send
 *   ledger claim left open.
 * With `timingMayDiffer` (the fault hit a sweep: the next sweep, a minute later, fires what it missed — by design a
 * timer is late by at most one sweep interval) everything is compared with its times masked — ISO times and the
 * entry time inside messageIds (a journey entered by a late timer is entered later) — and a difference in timing
 * only is a note, not a violation.
 */
export function violations(
  expected: SimOutcome,
  actual: SimOutcome,
  options: { timingMayDiffer?: boolean } = {},
): Verdict {
  const found: string[] = [];
  const notes: string[] = [];
  const blind = options.timingMayDiffer ? timeBlind : (text: string) => text;
  const check = (broken: boolean, message: () => string) => {
    if (broken) found.push(message());
  };
  check(actual.deadLetters.length > 0, () => {
    const letters = actual.deadLetters.map((letter) => `${letter.queue}: ${letter.error}`);
    return `dead letters: ${sample(letters, 2)}`;
  });
  const changed = [...expected.customers].filter(([pseudonym, state]) => {
    const other = actual.customers.get(pseudonym);
    if (other === state) return false;
    if (other !== undefined && blind(other) === blind(state)) {
      notes.push(`timing only: ${pseudonym.slice(0, 12)} ${firstDifference(JSON.parse(state), JSON.parse(other))}`);
      return false;
    }
    return true;
  });
  check(changed.length > 0, () => {
    const [pseudonym, state] = changed[0] as [string, string];
    const other = actual.customers.get(pseudonym);
    const diff = other ? firstDifference(JSON.parse(state), JSON.parse(other)) : 'missing';
    return `lost transitions: ${changed.length} customer item(s) differ, e.g. ${pseudonym.slice(0, 12)} ${diff}`;
  });
  check(actual.customers.size !== expected.customers.size, () => `customer count ${actual.customers.size}`);
  /** Both sides of a set, compared as they are or — when timing may differ — time-blind (then a note). */
  const compare = (expectedKeys: Iterable<string>, actualKeys: Iterable<string>, lost: string, extra?: string) => {
    const [want, got] = [new Set(expectedKeys), new Set(actualKeys)];
    const rawLost = minus(want, got);
    const rawExtra = minus(got, want);
    if (rawLost.length + rawExtra.length === 0) return;
    const [blindWant, blindGot] = [new Set([...want].map(blind)), new Set([...got].map(blind))];
    const missing = minus(blindWant, blindGot);
    const added = minus(blindGot, blindWant);
    if (missing.length + added.length === 0) notes.push(`timing only: ${rawLost.length} ${lost.split(':')[0]}`);
    check(missing.length > 0, () => `${lost}: ${sample(missing, 2)}`);
    if (extra) check(added.length > 0, () => `${extra}: ${sample(added, 2)}`);
  };
  compare(expected.decided, actual.decided, 'lost decisions', 'decisions not in the fault-free run');
  compare(expected.sendDecisions, actual.sendDecisions, 'messages no longer decided send');
  const twice = [...actual.delivered].filter(([, times]) => times > 1).map(([messageId]) => messageId);
  check(twice.length > 0, () => `sent twice: ${sample(twice)}`);
  compare(
    expected.delivered.keys(),
    actual.delivered.keys(),
    'never reached a recipient',
    'reached a recipient only with faults',
  );
  check(actual.orphanedOutboxes.length > 0, () => `orphaned outboxes: ${sample(actual.orphanedOutboxes)}`);
  const notQueued = minus(actual.sendDecisions, actual.enqueued);
  check(notQueued.length > 0, () => `decided send, never queued for delivery: ${sample(notQueued)}`);
  check(actual.openClaims.length > 0, () => `send ledger claims left open: ${sample(actual.openClaims)}`);
  compare(
    expected.published.keys(),
    actual.published.keys(),
    'outbound events never published',
    'outbound events only with faults',
  );
  compare(expected.exports, actual.exports, 'exports never written');
  check(actual.rejected < expected.rejected, () => `rejected events lost: ${actual.rejected} of ${expected.rejected}`);
  return { violations: found, notes };
}
