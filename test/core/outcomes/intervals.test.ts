import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ArmCounts,
  compareArms,
  MINIMUM_SAMPLE,
  moverRatio,
  newcombeDifference,
  wilsonInterval,
} from '../../../core/outcomes/intervals.ts';

/** Published values are given to 4 decimals: compare at that precision. */
const rounded = (interval: { estimate: number; lower: number; upper: number }) =>
  [interval.estimate, interval.lower, interval.upper].map((value) => Number(value.toFixed(4)));
const arm = (successes: number, trials: number): ArmCounts => ({ successes, trials });

describe('Wilson score interval', () => {
  // Newcombe RG (1998a), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
  // Statistics in Medicine 17:857–872, Table I, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.308, 0.2553, 0.3662],
    [15, 148, 0.1014, 0.0624, 0.1605],
    [0, 20, 0, 0, 0.1611],
    [1, 29, 0.0345, 0.0061, 0.1718],
  ])('gives Newcombe 1998a Table I for %i/%i', (successes, trials, estimate, lower, upper) => {
    expect(rounded(wilsonInterval(successes, trials))).toEqual([estimate, lower, upper]);
  });

  it('refuses counts that are not a proportion', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });
});

describe("Newcombe's hybrid score interval for a difference of proportions", () => {
  // Newcombe RG (1998b), "Interval estimation for the difference between independent proportions: comparison of
  // eleven methods", Statistics in Medicine 17:873–890, Table II, method 10, contrasts (a)–(h).
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
    [6, 7, 2, 7, 0.5714, 0.0582, 0.8062],
    [5, 56, 0, 29, 0.0893, -0.0381, 0.1926],
    [0, 10, 0, 20, 0, -0.1611, 0.2775],
    [0, 10, 0, 10, 0, -0.2775, 0.2775],
    [10, 10, 0, 20, 1, 0.6791, 1],
    [10, 10, 0, 10, 1, 0.6075, 1],
  ])('gives Newcombe 1998b Table II for %i/%i − %i/%i', (s1, n1, s2, n2, estimate, lower, upper) => {
    expect(rounded(newcombeDifference(arm(s1, n1), arm(s2, n2)))).toEqual([estimate, lower, upper]);
  });

  // Fagerland MW, Lydersen S, Laake P (2017), "Statistical Analysis of Contingency Tables", Chapter 4: the Perondi
  // et al. (2004) trial, 7/34 vs 1/34: Newcombe hybrid score 0.1765 (0.0189 to 0.3404).
  it('gives Fagerland et al. (2017) for the Perondi et al. trial', () => {
    expect(rounded(newcombeDifference(arm(7, 34), arm(1, 34)))).toEqual([0.1765, 0.0189, 0.3404]);
  });
});

describe('MOVER-R Wilson interval for a ratio of proportions', () => {
  // Fagerland et al. (2017), Chapter 4, Perondi et al. (2004): ratio 7.0000, MOVER-R Wilson 1.1537 to 41.9763.
  it('gives Fagerland et al. (2017) for the Perondi et al. trial', () => {
    expect(rounded(moverRatio(arm(7, 34), arm(1, 34)))).toEqual([7, 1.1537, 41.9763]);
  });

  it('starts at 0 when the numerator arm has no success and refuses a denominator without one', () => {
    const interval = moverRatio(arm(0, 50), arm(5, 50));
    expect(interval.estimate).toBe(0);
    expect(interval.lower).toBe(0);
    expect(interval.upper).toBeGreaterThan(0);
    expect(() => moverRatio(arm(5, 50), arm(0, 50))).toThrow(RangeError);
  });
});

describe('comparing a variant with its control', () => {
  it('names the variant better when the whole interval of the lift is above 0, with absolute and relative lift', () => {
    const result = compareArms(arm(48, 80), arm(56, 70));
    expect(result.verdict).toBe('variant_better');
    expect(rounded(result.absoluteLift!)).toEqual([0.2, 0.0524, 0.3339]);
    expect(result.relativeLift!.estimate).toBeCloseTo(1 / 3, 10);
    expect(result.relativeLift!.lower).toBeGreaterThan(0);
    expect(result.because).toBe('The 95 % interval of the lift (+5.2 pp to +33.4 pp) is above 0.');
  });

  it('names the control better when the whole interval is below 0', () => {
    expect(compareArms(arm(56, 70), arm(48, 80)).verdict).toBe('control_better');
  });

  it('names no winner when the interval includes 0', () => {
    const result = compareArms(arm(40, 400), arm(50, 400));
    expect(result.verdict).toBe('no_difference');
    expect(result.absoluteLift!.lower).toBeLessThan(0);
    expect(result.absoluteLift!.upper).toBeGreaterThan(0);
  });

  it('says "not enough data" below the minimum sample, yet still gives the intervals to draw', () => {
    const few = compareArms(arm(2, 29), arm(25, 29));
    expect(few.verdict).toBe('not_enough_data');
    expect(few.because).toBe(`Not enough data: control has 29 (< ${MINIMUM_SAMPLE.perArm}) in the arm.`);
    expect(few.absoluteLift!.lower).toBeGreaterThan(0);
    expect(compareArms(arm(4, 1000), arm(90, 1000)).because).toBe('Not enough data: control has 4 (< 5) conversions.');
    expect(compareArms(arm(40, 100), arm(97, 100)).because).toBe(
      'Not enough data: variant has 3 (< 5) non-conversions.',
    );
  });

  it('has no intervals for an empty arm and no relative lift while the control has no conversion', () => {
    const empty = compareArms(arm(0, 0), arm(3, 40));
    expect(empty).toMatchObject({ verdict: 'not_enough_data', control: null, absoluteLift: null, relativeLift: null });
    expect(empty.variant!.estimate).toBeCloseTo(0.075, 10);
    expect(compareArms(arm(0, 40), arm(3, 40)).relativeLift).toBeNull();
  });
});

const proportion = fc
  .integer({ min: 1, max: 5000 })
  .chain((trials) => fc.record({ trials: fc.constant(trials), successes: fc.integer({ min: 0, max: trials }) }));

describe('interval properties', () => {
  it('a Wilson interval lies in [0, 1] and contains the observed rate', () => {
    fc.assert(
      fc.property(proportion, ({ successes, trials }) => {
        const { estimate, lower, upper } = wilsonInterval(successes, trials);
        expect(0 <= lower && lower <= estimate && estimate <= upper && upper <= 1).toBe(true);
      }),
    );
  });

  it('a difference interval lies in [−1, 1] and contains the observed difference', () => {
    fc.assert(
      fc.property(proportion, proportion, (a, b) => {
        const { estimate, lower, upper } = newcombeDifference(a, b);
        expect(-1 <= lower && lower <= estimate && estimate <= upper && upper <= 1).toBe(true);
      }),
    );
  });

  it('a ratio interval is non-negative and contains the observed ratio', () => {
    fc.assert(
      fc.property(proportion, proportion, (a, b) => {
        fc.pre(b.successes > 0);
        const { estimate, lower, upper } = moverRatio(a, b);
        expect(0 <= lower && lower <= estimate && estimate <= upper).toBe(true);
      }),
    );
  });

  it('intervals narrow as the sample grows at the same rates', () => {
    fc.assert(
      fc.property(proportion, proportion, fc.integer({ min: 2, max: 20 }), (a, b, k) => {
        const bigger = (x: ArmCounts) => ({ trials: x.trials * k, successes: x.successes * k });
        const width = (interval: { lower: number; upper: number }) => interval.upper - interval.lower;
        expect(width(wilsonInterval(a.successes * k, a.trials * k))).toBeLessThan(
          width(wilsonInterval(a.successes, a.trials)),
        );
        expect(width(newcombeDifference(bigger(a), bigger(b)))).toBeLessThan(width(newcombeDifference(a, b)));
      }),
    );
  });

  it('never names a winner when the interval of the lift includes 0, nor below the minimum sample', () => {
    fc.assert(
      fc.property(proportion, proportion, (control, variant) => {
        const result = compareArms(control, variant);
        const lift = result.absoluteLift!;
        if (lift.lower <= 0 && lift.upper >= 0) expect(result.verdict).not.toMatch(/better/);
        const small = [control, variant].some(
          (x) =>
            x.trials < MINIMUM_SAMPLE.perArm ||
            x.successes < MINIMUM_SAMPLE.outcomesPerArm ||
            x.trials - x.successes < MINIMUM_SAMPLE.outcomesPerArm,
        );
        expect(result.verdict === 'not_enough_data').toBe(small);
      }),
    );
  });
});
