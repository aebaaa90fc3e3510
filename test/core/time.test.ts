import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIso, toIso, toMs } from '../../core/time.ts';

const EARLIEST = Date.UTC(-5000, 0, 1);
const LATEST = Date.UTC(12_000, 0, 1);
const instant = fc.oneof(
  fc.integer({ min: EARLIEST, max: LATEST }),
  fc.integer({ min: Date.UTC(1999, 11, 28), max: Date.UTC(2001, 2, 2) }),
  fc.constantFrom(0, -1, 1, Date.UTC(1000, 0, 1), Date.UTC(1000, 0, 1) - 1, Date.UTC(9999, 11, 31, 23, 59, 59, 999)),
);

const digits = (length: number, max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(length, '0'));
/** Texts shaped like `toIso` output, valid or not (month 13, February 30th, hour 24, second 60...). */
const isoShaped = fc
  .tuple(digits(4, 9999), digits(2, 13), digits(2, 32), digits(2, 24), digits(2, 60), digits(2, 60), digits(3, 999))
  .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
const otherForms = fc.constantFrom(
  '2019-10-01T08:00:00+09:00',
  '2019-10-01T08:00:00Z',
  '2019-10-01T08:00:00.5Z',
  '2019-10-01',
  '2019-10-01T08:00:00.000+00:00',
  '2019-1O-01T08:00:00.000Z',
  'not a time',
  '',
);

/** Runs `f`, returning its value or the name of what it threw. */
function outcome<T>(f: () => T): T | string {
  try {
    return f();
  } catch (error) {
    return (error as Error).name;
  }
}

describe('time', () => {
  it('toIso writes every instant as Date#toISOString does', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        expect(toIso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('toIso throws for a time Date cannot write, as Date does', () => {
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) {
      expect(outcome(() => toIso(ms))).toBe(outcome(() => new Date(ms).toISOString()));
    }
    expect(toIso(1.7)).toBe(new Date(1.7).toISOString());
  });

  it('toMs reads every text as Date.parse does, valid or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          isoShaped,
          otherForms,
          instant.map((ms) => new Date(ms).toISOString()),
        ),
        (text) => {
          expect(toMs(text)).toBe(Date.parse(text));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('canonicalIso is toIso(toMs(text)) and returns a text already written so as it is', () => {
    fc.assert(
      fc.property(fc.oneof(isoShaped, otherForms), (text) => {
        expect(outcome(() => canonicalIso(text))).toBe(outcome(() => new Date(Date.parse(text)).toISOString()));
      }),
      { numRuns: 20_000 },
    );
    const written = toIso(Date.UTC(2019, 9, 1, 8));
    expect(canonicalIso(written)).toBe(written);
  });
});
