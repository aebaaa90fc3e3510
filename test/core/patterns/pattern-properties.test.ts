import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError } from '../../../core/errors.ts';
import { compilePattern, matchesPattern } from '../../../core/patterns/compile-pattern.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const key = fc.constantFrom('a', 'b', 'detail', 'state', 'x-y', 'Key');
const leafValue = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const { event } = fc.letrec<{ value: Json; event: Record<string, Json> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafValue,
    fc.array(tie('value'), { maxLength: 3 }),
    tie('event'),
  ),
  event: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));

/** A pattern made only of values the event itself holds: exact leaves, descending into objects and arrays. */
function patternOf(value: Record<string, Json>): Record<string, unknown> {
  const pattern: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    const sub = subPatternOf(child);
    if (sub !== undefined) pattern[name] = sub;
  }
  return pattern;
}

function flatten(values: readonly Json[]): Json[] {
  return values.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}

function subPatternOf(value: Json): unknown {
  if (!Array.isArray(value)) {
    if (value !== null && typeof value === 'object') {
      const nested = patternOf(value);
      return Object.keys(nested).length > 0 ? nested : undefined;
    }
    return [value];
  }
  const items = flatten(value);
  const leaves = items.filter((item) => item === null || typeof item !== 'object');
  if (leaves.length > 0) return leaves.slice(0, 2);
  for (const item of items) {
    const nested = subPatternOf(item);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

const word = fc.constantFrom('', 'a', 'ab', 'abc', 'b', 'B', 'x y');
const operand = fc.oneof(
  word.map((text) => text as unknown),
  fc.integer({ min: -3, max: 3 }),
  word.map((text) => ({ prefix: text })),
  word.map((text) => ({ 'anything-but': text })),
  fc.boolean().map((present) => ({ exists: present })),
  fc.integer({ min: -3, max: 3 }).map((bound) => ({ numeric: ['>=', bound] })),
  word.map((text) => ({ 'equals-ignore-case': text })),
);
const smallPattern = fc.dictionary(fc.constantFrom('a', 'b'), fc.array(operand, { minLength: 1, maxLength: 2 }), {
  minKeys: 1,
});
const smallEvent = fc.dictionary(
  fc.constantFrom('a', 'b'),
  fc.oneof(word, fc.integer({ min: -3, max: 3 }), fc.constant(null), fc.array(word, { maxLength: 2 })),
);
const plainText = fc.stringMatching(/^[a-zA-Z0-9 _*\\-]{0,8}$/);

function escapeWildcard(text: string): string {
  return text.replace(/[*\\]/g, (char) => `\\${char}`);
}

describe('pattern properties', () => {
  it('a pattern built from an event’s own values always matches it', () => {
    fc.assert(fc.property(event, (sample) => matchesPattern(patternOf(sample), sample)));
  });

  it('$or of A and B matches exactly when A or B matches', () => {
    fc.assert(
      fc.property(smallPattern, smallPattern, smallEvent, (first, second, sample) => {
        const either = matchesPattern({ $or: [first, second] }, sample);
        expect(either).toBe(matchesPattern(first, sample) || matchesPattern(second, sample));
      }),
    );
  });

  it('anything-but [x] matches a string field exactly when [x] does not', () => {
    fc.assert(
      fc.property(plainText, plainText, (excluded, actual) => {
        const sample = { field: actual };
        const anythingBut = matchesPattern({ field: [{ 'anything-but': [excluded] }] }, sample);
        expect(anythingBut).toBe(!matchesPattern({ field: [excluded] }, sample));
      }),
    );
  });

  it('a numeric range agrees with plain comparisons on integers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: -2e6, max: 2e6 }),
        (low, width, value) => {
          const pattern = { n: [{ numeric: ['>=', low, '<', low + width] }] };
          expect(matchesPattern(pattern, { n: value })).toBe(low <= value && value < low + width);
        },
      ),
    );
  });

  it('a wildcard standing in for the middle of a value matches it, whatever the value holds', () => {
    fc.assert(
      fc.property(plainText, plainText, plainText, (head, middle, tail) => {
        const pattern = { s: [{ wildcard: `${escapeWildcard(head)}*${escapeWildcard(tail)}` }] };
        expect(matchesPattern(pattern, { s: `${head}${middle}${tail}` })).toBe(true);
      }),
    );
  });

  it('compiling any JSON value either succeeds or throws InvalidEventPatternError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (candidate) => {
        try {
          compilePattern(candidate).matches({ a: 1 });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidEventPatternError);
        }
      }),
    );
  });
});
