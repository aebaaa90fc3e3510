/**
 * Confidence intervals for conversion rates and for the lift of one arm over another (DESIGN.md §12: "lift and A/B
 * results come with confidence intervals and a minimum sample; no winner from noise").
 *
 * - One proportion: the Wilson score interval without continuity correction (Wilson 1927; method 3 of Newcombe 1998a,
 *   "Two-sided confidence intervals for the single proportion", Stat Med 17:857–872).
 * - Absolute lift (difference of two independent proportions): Newcombe's hybrid score interval, method 10 of
 *   Newcombe 1998b, "Interval estimation for the difference between independent proportions", Stat Med 17:873–890.
 * - Relative lift (ratio − 1): the MOVER-R Wilson interval for the ratio of two proportions (Donner & Zou 2012,
 *   Stat Methods Med Res 21:347–359; Fagerland, Lydersen & Laake 2015, Stat Methods Med Res 24:224–254), minus 1.
 *   It is built from the same two Wilson intervals as the absolute lift, has a closed form, and behaves at small
 *   counts where the Katz log interval is too wide (Fagerland et al. recommend it over Katz for small samples).
 *
 * All 95 % two-sided. Tests: test/core/outcomes/intervals.test.ts, against the published values cited there.
 */

/** The 0.975 quantile of the standard normal distribution. */
export const Z_95 = 1.959963984540054;

/** Below this an arm is "not enough data": no interval is read as a result and no winner is named. */
export const MINIMUM_SAMPLE = {
  /** Customers (or journey instances) per arm. */
  perArm: 30,
  /** Conversions per arm, and non-conversions per arm (the np ≥ 5 and n(1−p) ≥ 5 rule of normal approximations). */
  outcomesPerArm: 5,
} as const;

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** One arm of a comparison: how many were in it and how many of them converted. */
export interface ArmCounts {
  trials: number;
  successes: number;
}

export type Verdict = 'variant_better' | 'control_better' | 'no_difference' | 'not_enough_data';

/** Intervals are null when an arm is empty (0 trials): there is no rate to estimate. */
export interface ArmComparison {
  control: Interval | null;
  variant: Interval | null;
  /** Variant rate − control rate (Newcombe hybrid score interval). */
  absoluteLift: Interval | null;
  /** Variant rate ÷ control rate − 1 (MOVER-R Wilson); null while the control arm has no conversion. */
  relativeLift: Interval | null;
  verdict: Verdict;
  /** One sentence saying why the verdict is what it is. */
  because: string;
}

function checkCounts({ trials, successes }: ArmCounts): void {
  if (!Number.isInteger(trials) || !Number.isInteger(successes) || trials <= 0 || successes < 0 || successes > trials) {
    throw new RangeError(
      `Not a proportion: ${successes}/${trials} (need integers with 0 ≤ successes ≤ trials, trials > 0)`,
    );
  }
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Wilson score interval for successes/trials. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval {
  checkCounts({ trials, successes });
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return {
    estimate: p,
    lower: successes === 0 ? 0 : clamp(centre - half, 0, p),
    upper: successes === trials ? 1 : clamp(centre + half, p, 1),
  };
}

/** Newcombe's hybrid score interval (method 10) for rate(a) − rate(b), from the two Wilson intervals. */
export function newcombeDifference(a: ArmCounts, b: ArmCounts, z = Z_95): Interval {
  const one = wilsonInterval(a.successes, a.trials, z);
  const two = wilsonInterval(b.successes, b.trials, z);
  const estimate = one.estimate - two.estimate;
  const lower = estimate - Math.hypot(one.estimate - one.lower, two.upper - two.estimate);
  const upper = estimate + Math.hypot(one.upper - one.estimate, two.estimate - two.lower);
  return { estimate, lower: clamp(lower, -1, estimate), upper: clamp(upper, estimate, 1) };
}

/**
 * MOVER-R Wilson interval for rate(a) ÷ rate(b). Needs at least one success in b (the ratio is undefined otherwise);
 * the upper limit is Infinity when b's Wilson interval reaches 0.
 */
export function moverRatio(a: ArmCounts, b: ArmCounts, z = Z_95): Interval {
  const one = wilsonInterval(a.successes, a.trials, z);
  const two = wilsonInterval(b.successes, b.trials, z);
  if (b.successes === 0) throw new RangeError('The ratio of proportions is undefined when the denominator arm has 0');
  const [p1, p2] = [one.estimate, two.estimate];
  const product = p1 * p2;
  const lowerRoot = product ** 2 - one.lower * two.upper * (2 * p1 - one.lower) * (2 * p2 - two.upper);
  const upperRoot = product ** 2 - one.upper * two.lower * (2 * p1 - one.upper) * (2 * p2 - two.lower);
  const lower = (product - Math.sqrt(Math.max(0, lowerRoot))) / (two.upper * (2 * p2 - two.upper));
  const upperDenominator = two.lower * (2 * p2 - two.lower);
  const upper = upperDenominator > 0 ? (product + Math.sqrt(Math.max(0, upperRoot))) / upperDenominator : Infinity;
  const estimate = p1 / p2;
  return {
    estimate,
    lower: Number.isFinite(lower) ? clamp(lower, 0, estimate) : 0,
    upper: upper >= estimate ? upper : Infinity,
  };
}

/** Whether an arm meets `MINIMUM_SAMPLE`; the sentence says which part it misses. */
export function shortOfMinimum(name: string, arm: ArmCounts): string | undefined {
  const failures = arm.trials - arm.successes;
  if (arm.trials < MINIMUM_SAMPLE.perArm) return `${name} has ${arm.trials} (< ${MINIMUM_SAMPLE.perArm}) in the arm`;
  if (arm.successes < MINIMUM_SAMPLE.outcomesPerArm) {
    return `${name} has ${arm.successes} (< ${MINIMUM_SAMPLE.outcomesPerArm}) conversions`;
  }
  if (failures < MINIMUM_SAMPLE.outcomesPerArm) {
    return `${name} has ${failures} (< ${MINIMUM_SAMPLE.outcomesPerArm}) non-conversions`;
  }
  return undefined;
}

const points = (value: number) => {
  const text = Math.abs(value * 100).toFixed(1);
  return `${value < 0 && text !== '0.0' ? '−' : value > 0 && text !== '0.0' ? '+' : ''}${text} pp`;
};

/**
 * Compares a variant arm with its control. A winner is named only when both arms meet `MINIMUM_SAMPLE` and the 95 %
 * interval of the absolute lift lies entirely on one side of 0; an interval that includes 0 is `no_difference`.
 * Intervals are computed whenever both arms have someone in them, so a report can still draw them (greyed) when the
 * verdict is `not_enough_data`.
 */
export function compareArms(control: ArmCounts, variant: ArmCounts): ArmComparison {
  if (control.trials === 0 || variant.trials === 0) {
    const empty = control.trials === 0 ? 'control' : 'variant';
    const because = `Not enough data: ${empty} has 0 (< ${MINIMUM_SAMPLE.perArm}) in the arm.`;
    const rate = (arm: ArmCounts) => (arm.trials > 0 ? wilsonInterval(arm.successes, arm.trials) : null);
    return {
      control: rate(control),
      variant: rate(variant),
      absoluteLift: null,
      relativeLift: null,
      verdict: 'not_enough_data',
      because,
    };
  }
  const absoluteLift = newcombeDifference(variant, control);
  const relativeLift =
    control.successes > 0
      ? (({ estimate, lower, upper }) => ({ estimate: estimate - 1, lower: lower - 1, upper: upper - 1 }))(
          moverRatio(variant, control),
        )
      : null;
  const intervals = {
    control: wilsonInterval(control.successes, control.trials),
    variant: wilsonInterval(variant.successes, variant.trials),
    absoluteLift,
    relativeLift,
  };
  const short = shortOfMinimum('control', control) ?? shortOfMinimum('variant', variant);
  if (short) return { ...intervals, verdict: 'not_enough_data', because: `Not enough data: ${short}.` };
  const range = `${points(absoluteLift.lower)} to ${points(absoluteLift.upper)}`;
  if (absoluteLift.lower > 0) {
    return { ...intervals, verdict: 'variant_better', because: `The 95 % interval of the lift (${range}) is above 0.` };
  }
  if (absoluteLift.upper < 0) {
    return { ...intervals, verdict: 'control_better', because: `The 95 % interval of the lift (${range}) is below 0.` };
  }
  return { ...intervals, verdict: 'no_difference', because: `The 95 % interval of the lift (${range}) includes 0.` };
}
