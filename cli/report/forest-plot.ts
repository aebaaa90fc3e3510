import { type ArmComparison, compareArms, type Verdict } from '../../core/outcomes/intervals.ts';
import type { ReportExperiment } from '../../core/outcomes/report-model.ts';
import { type Html, html, n, pct, pp } from './html.ts';
import { clip, r, scale, svg, ticks } from './svg.ts';

export const VERDICT_LABELS: Record<Verdict, string> = {
  variant_better: 'variant better',
  control_better: 'control better',
  no_difference: 'no clear difference',
  not_enough_data: 'not enough data',
};

export interface ComparedExperiment {
  experiment: ReportExperiment;
  comparison: ArmComparison;
}

export const compareExperiment = (experiment: ReportExperiment): ComparedExperiment => ({
  experiment,
  comparison: compareArms(
    { trials: experiment.control.trials, successes: experiment.control.successes },
    { trials: experiment.variant.trials, successes: experiment.variant.successes },
  ),
});

const signedPercent = (value: number) => {
  if (!Number.isFinite(value)) return '+∞';
  const text = Math.abs(value * 100).toFixed(Math.abs(value) < 0.1 ? 1 : 0);
  return `${value > 0 && Number(text) > 0 ? '+' : value < 0 && Number(text) > 0 ? '−' : ''}${text} %`;
};

/** "+32 % (8 % to 60 %)" for the relative lift, or why there is none. */
export function relativeText({ relativeLift }: ArmComparison): string {
  if (!relativeLift) return 'relative lift: control has no conversion';
  return `${signedPercent(relativeLift.estimate)} (${signedPercent(relativeLift.lower)} to ${signedPercent(relativeLift.upper)})`;
}

/**
 * Forest plot: per experiment the absolute lift (variant − control, percentage points) with its 95 % interval, a
 * line at 0 and the verdict. Rows without enough data are drawn grey and dashed with a hollow marker and say so.
 */
export function forestPlot(rows: readonly ComparedExperiment[]): Html {
  const width = 1040;
  const row = 52;
  const [plotLeft, plotRight, verdictLeft] = [370, 790, 812];
  const top = 8;
  const axisHeight = 34;
  const height = top + Math.max(1, rows.length) * row + axisHeight;
  const limits = rows.flatMap(({ comparison }) =>
    comparison.absoluteLift ? [comparison.absoluteLift.lower, comparison.absoluteLift.upper] : [],
  );
  const low = Math.min(-0.01, ...limits);
  const high = Math.max(0.01, ...limits);
  const pad = (high - low) * 0.06;
  const axis = ticks(Math.max(-1, low - pad), Math.min(1, high + pad), 6);
  const x = scale(axis[0]!, axis.at(-1)!, plotLeft, plotRight);
  const bottom = top + rows.length * row;
  const grid = axis.map(
    (value) =>
      html`<g><line class="${value === 0 ? 'zero' : 'grid'}" x1="${r(x(value))}" x2="${r(x(value))}" y1="${top}" y2="${bottom}"/><text class="tick" x="${r(x(value))}" y="${bottom + 16}" text-anchor="middle">${value === 0 ? '0' : pp(value)}</text></g>`,
  );
  const caption = html`<text class="tick" x="${(plotLeft + plotRight) / 2}" y="${bottom + 30}" text-anchor="middle">absolute lift, variant − control, with 95 % interval</text>`;
  const body = rows.map(({ experiment, comparison }, index) => {
    const y = top + index * row;
    const mid = y + row / 2;
    const { control, variant } = experiment;
    const rate = (arm: typeof control) => (arm.trials ? ` (${pct(arm.successes / arm.trials)})` : '');
    const arms = `${control.name} ${n(control.successes)}/${n(control.trials)}${rate(control)} → ${variant.name} ${n(variant.successes)}/${n(variant.trials)}${rate(variant)}`;
    const lift = comparison.absoluteLift;
    const weak = comparison.verdict === 'not_enough_data';
    const marks = lift
      ? html`<line class="ci ${weak ? 'ci-weak' : `ci-${comparison.verdict}`}" x1="${r(x(lift.lower))}" x2="${r(x(lift.upper))}" y1="${mid}" y2="${mid}"/><line class="ci ${weak ? 'ci-weak' : `ci-${comparison.verdict}`}" x1="${r(x(lift.lower))}" x2="${r(x(lift.lower))}" y1="${mid - 6}" y2="${mid + 6}"/><line class="ci ${weak ? 'ci-weak' : `ci-${comparison.verdict}`}" x1="${r(x(lift.upper))}" x2="${r(x(lift.upper))}" y1="${mid - 6}" y2="${mid + 6}"/><rect class="${weak ? 'point-weak' : `point point-${comparison.verdict}`}" x="${r(x(lift.estimate) - 6)}" y="${mid - 6}" width="12" height="12" transform="rotate(45 ${r(x(lift.estimate))} ${mid})"><title>${experiment.title}: ${pp(lift.estimate)} (95 % CI ${pp(lift.lower)} to ${pp(lift.upper)})</title></rect>`
      : html`<text class="muted" x="${(plotLeft + plotRight) / 2}" y="${mid + 4}" text-anchor="middle">an arm is empty</text>`;
    const liftText = lift ? `${pp(lift.estimate)} (${pp(lift.lower)} to ${pp(lift.upper)})` : '—';
    return html`<g class="forest-row" data-verdict="${comparison.verdict}"><rect class="${index % 2 ? 'stripe' : 'stripe-none'}" x="0" y="${y}" width="${width}" height="${row}"/><text class="label strong" x="8" y="${mid - 5}">${clip(experiment.title, plotLeft - 20)}</text><text class="small muted" x="8" y="${mid + 12}">${clip(arms, plotLeft - 20, 11)}</text>${marks}<rect class="pill pill-${comparison.verdict}" x="${verdictLeft}" y="${mid - 21}" width="${r(VERDICT_LABELS[comparison.verdict].length * 6.4 + 16)}" height="18" rx="9"/><text class="pill-text pill-text-${comparison.verdict}" x="${verdictLeft + 8}" y="${mid - 8}">${VERDICT_LABELS[comparison.verdict]}</text><text class="small" x="${verdictLeft}" y="${mid + 12}">${liftText}</text></g>`;
  });
  return svg('forest', width, height, 'Lift of each experiment with its 95 % confidence interval', [
    ...body,
    ...grid,
    caption,
  ]);
}
