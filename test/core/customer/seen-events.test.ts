import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beyondMemory, eventDigest, rememberEvent, wasSeen } from '../../../core/customer/seen-events.ts';
import { type CustomerState, newCustomer } from '../../../core/customer/state.ts';
import { fnv1a } from '../../../core/hash.ts';
import { toIso } from '../../../core/time.ts';

/** The ring as first written (parse, filter and re-sort every entry on every event): the behaviour to keep. */
const reference = {
  digestOf: (entry: string) => entry.slice(0, entry.indexOf('@')),
  secondsOf: (entry: string) => Number.parseInt(entry.slice(entry.indexOf('@') + 1), 36),
  wasSeen(state: CustomerState, eventId: string) {
    const digest = eventDigest(eventId);
    return state.seen.some((entry) => reference.digestOf(entry) === digest);
  },
  remember(draft: CustomerState, eventId: string, occurredMs: number, now: number, horizon: number, capacity: number) {
    const { secondsOf } = reference;
    const oldest = Math.floor((now - horizon) / 1000);
    const entry = `${eventDigest(eventId)}@${Math.floor(occurredMs / 1000).toString(36)}`;
    const kept = [...draft.seen.filter((seen) => secondsOf(seen) >= oldest), entry];
    kept.sort((a, b) => secondsOf(a) - secondsOf(b));
    const lastEvicted = kept.splice(0, Math.max(0, kept.length - capacity)).at(-1);
    if (lastEvicted) {
      const floor = toIso(secondsOf(lastEvicted) * 1000 + 999);
      if (!draft.seenFloor || floor > draft.seenFloor) draft.seenFloor = floor;
    }
    draft.seen = kept;
  },
};

const START = Date.UTC(2019, 9, 1);
/** Times on either side of 1970 (entries with negative seconds). */
const start = fc.constantFrom(START, Date.UTC(1969, 11, 31, 12));
const event = fc.record({
  id: fc.integer({ min: 0, max: 40 }).map((n) => `event-${n}`),
  /** When it occurred (often in the same second as another) and how long after it is handled (seconds). */
  occurred: fc
    .tuple(fc.integer({ min: -72, max: 240 }), fc.integer({ min: 0, max: 2 }))
    .map(([hour, second]) => hour * 3600 + second),
  delay: fc
    .tuple(fc.integer({ min: 0, max: 48 }), fc.integer({ min: 0, max: 2 }))
    .map(([hours, seconds]) => hours * 3600 + seconds),
  millis: fc.integer({ min: 0, max: 999 }),
});
const rules = fc.record({
  horizon: fc.constantFrom(3_600_000, 86_400_000, 7 * 86_400_000),
  capacity: fc.integer({ min: 1, max: 12 }),
});

describe('seen events', () => {
  it('remembers, forgets and answers exactly as the first implementation did, whatever the order of events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), rules, start, fc.boolean(), (events, rules, begin, shuffle) => {
        const { horizon, capacity } = rules;
        const kept = newCustomer('p');
        const expected = newCustomer('p');
        // A list not in time order (written by something else) is put in order as before.
        if (shuffle) {
          kept.seen = ['b@zzzz', 'a@1', 'c@-5', 'd@'];
          expected.seen = [...kept.seen];
        }
        for (const { id, occurred, delay, millis } of events) {
          const occurredMs = begin + occurred * 1000 + millis;
          const now = occurredMs + delay * 1000;
          expect(wasSeen(kept, id)).toBe(reference.wasSeen(expected, id));
          expect(beyondMemory(kept, occurredMs)).toBe(
            expected.seenFloor !== undefined && occurredMs <= Date.parse(expected.seenFloor),
          );
          rememberEvent(kept, id, occurredMs, now, { horizon, capacity });
          reference.remember(expected, id, occurredMs, now, horizon, capacity);
          expect(kept.seen).toEqual(expected.seen);
          expect(kept.seenFloor).toBe(expected.seenFloor);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('does not change the list it was given', () => {
    const state = newCustomer('p');
    rememberEvent(state, 'first', START, START, { horizon: 86_400_000, capacity: 5 });
    const given = state.seen;
    const copy = [...given];
    rememberEvent(state, 'second', START + 1000, START + 1000, { horizon: 86_400_000, capacity: 5 });
    expect(given).toEqual(copy);
    expect(state.seen).toHaveLength(2);
  });

  it('tells a seen eventId from one whose digest only begins the same way', () => {
    const state = newCustomer('p');
    rememberEvent(state, 'seen', START, START, { horizon: 86_400_000, capacity: 5 });
    const digest = eventDigest('seen');
    state.seen = [`${digest}x@1`];
    expect(wasSeen(state, 'seen')).toBe(false);
    state.seen = [`${digest}@1`];
    expect(wasSeen(state, 'seen')).toBe(true);
  });
});

describe('event digests', () => {
  it('are the two FNV-1a passes over the eventId and over "~" and the eventId, in base 36', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (eventId) => {
        expect(eventDigest(eventId)).toBe(fnv1a(eventId).toString(36) + fnv1a(`~${eventId}`).toString(36));
      }),
      { numRuns: 5_000 },
    );
  });
});
