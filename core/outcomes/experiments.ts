import type { MessageOutcome } from './funnel.ts';
import type { Conversion, InstanceRef } from './records.ts';
import { instanceKey } from './records.ts';
import type { ReportArm, ReportExperiment } from './report-model.ts';

export interface ExperimentOptions {
  /**
   * The control variant of splits whose decisions do not name one (`SplitTaken.control`), by split name
   * (e.g. `{ 'last-chance-coupon': 'without_coupon' }`).
   */
  controls?: Record<string, string>;
}

type Units = Map<string, InstanceRef>;

function arm(name: string, units: Units | undefined, conversions: Map<string, Conversion>): ReportArm {
  let successes = 0;
  let revenue = 0;
  for (const key of units?.keys() ?? []) {
    const conversion = conversions.get(key);
    if (!conversion) continue;
    successes += 1;
    revenue += conversion.revenue ?? 0;
  }
  return { name, trials: units?.size ?? 0, successes, revenue };
}

const addUnit = (groups: Map<string, Units>, group: string, ref: InstanceRef) => {
  const units = groups.get(group) ?? new Map<string, InstanceRef>();
  units.set(instanceKey(ref), ref);
  groups.set(group, units);
};

/**
 * The arms of every A/B split and of the holdout, per journey; the unit is the journey instance and a unit converts
 * when its instance reached the journey goal.
 * - Split: an instance is in the variant of the first decision that carried the split. One experiment per variant
 *   against the split's control (`options.controls`; without one, no experiment is reported for the split).
 * - Holdout: instances that asked for a promotional message; control = any of their decisions cited `holdout`
 *   (customers held out still get a recorded "would have sent" decision), variant = the others (intent to treat:
 *   treated whether or not a message finally went).
 */
export function experimentsFrom(
  outcomes: Iterable<MessageOutcome>,
  conversions: Map<string, Conversion>,
  options: ExperimentOptions,
): ReportExperiment[] {
  const splits = new Map<
    string,
    { journeyId: string; name: string; rule: string; control?: string; variants: Map<string, Units> }
  >();
  const variantOf = new Map<string, string>();
  const holdout = new Map<string, Map<string, Units>>();
  const heldOut = new Set<string>();
  for (const { first, final } of outcomes) {
    const ref = { journeyId: first.journeyId, pseudonym: first.pseudonym, entry: first.entry };
    const instance = instanceKey(ref);
    if (first.split) {
      const id = `${first.journeyId}/${first.split.name}`;
      const split = splits.get(id) ?? { ...first.split, journeyId: first.journeyId, variants: new Map() };
      splits.set(id, split);
      const variant = variantOf.get(`${id}\u0000${instance}`) ?? first.split.variant;
      variantOf.set(`${id}\u0000${instance}`, variant);
      addUnit(split.variants, variant, ref);
    }
    if (first.category !== 'promotional') continue;
    const groups = holdout.get(first.journeyId) ?? new Map<string, Units>();
    holdout.set(first.journeyId, groups);
    if (final.reasons.includes('holdout') || first.reasons.includes('holdout')) heldOut.add(instance);
    addUnit(groups, 'all', ref);
  }

  const experiments: ReportExperiment[] = [];
  for (const [id, split] of [...splits].sort(([a], [b]) => a.localeCompare(b))) {
    const control = split.control ?? options.controls?.[split.name];
    if (!control) continue;
    for (const variant of [...split.variants.keys()].sort()) {
      if (variant === control) continue;
      experiments.push({
        id: `${id}/${variant}`,
        journeyId: split.journeyId,
        title: `${split.name}: ${variant} vs ${control}`,
        kind: 'split',
        unit: 'journey instances',
        control: arm(control, split.variants.get(control), conversions),
        variant: arm(variant, split.variants.get(variant), conversions),
      });
    }
  }
  for (const [journeyId, groups] of [...holdout].sort(([a], [b]) => a.localeCompare(b))) {
    const all = groups.get('all') ?? new Map<string, InstanceRef>();
    const held = new Map([...all].filter(([key]) => heldOut.has(key)));
    const treated = new Map([...all].filter(([key]) => !heldOut.has(key)));
    experiments.push({
      id: `${journeyId}/holdout`,
      journeyId,
      title: `${journeyId}: treated vs holdout`,
      kind: 'holdout',
      unit: 'journey instances',
      control: arm('holdout', held, conversions),
      variant: arm('treated', treated, conversions),
    });
  }
  return experiments;
}
