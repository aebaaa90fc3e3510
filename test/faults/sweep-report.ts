import { describeFault } from './fault-injector.ts';
import type { Baseline, FaultRun } from './fault-runs.ts';
import { classify, KNOWN_DEFECTS } from './known-defects.ts';
import type { Rees46Input } from './rees46-input.ts';

export interface SweepTotals {
  runs: number;
  faultsInjected: number;
  redeliveries: number;
  deadLetters: number;
  providerDuplicates: number;
  converged: number;
  comparedAtCheckpoint: number;
  timingOnly: number;
  known: Record<string, number>;
  unexpected: Array<{ plan: string; provider: string; violation: string }>;
  ms: number;
}

export function totalsOf(runs: readonly FaultRun[]): SweepTotals {
  const totals: SweepTotals = {
    runs: runs.length,
    faultsInjected: 0,
    redeliveries: 0,
    deadLetters: 0,
    providerDuplicates: 0,
    converged: 0,
    comparedAtCheckpoint: 0,
    timingOnly: 0,
    known: {},
    unexpected: [],
    ms: 0,
  };
  for (const run of runs) {
    totals.faultsInjected += run.fired.length;
    totals.redeliveries += run.redeliveries;
    totals.deadLetters += run.deadLetters.length;
    totals.providerDuplicates += run.providerDuplicates;
    totals.ms += run.ms;
    if (run.convergedAt === undefined) totals.comparedAtCheckpoint += 1;
    else totals.converged += 1;
    if (run.notes.length > 0) totals.timingOnly += 1;
    const { known, unexpected } = classify(run);
    for (const id of new Set(known)) totals.known[id] = (totals.known[id] ?? 0) + 1;
    const plan = run.plan.map(describeFault).join(' + ');
    const provider = run.idempotentProvider ? 'idempotent provider' : 'provider without idempotency';
    for (const violation of unexpected) totals.unexpected.push({ plan, provider, violation });
  }
  return totals;
}

const n = (value: number) => value.toLocaleString('en-US');

/** The summary the sweep prints: the input, the fault-free run, the faults and what they did. */
export function sweepSummary(input: Rees46Input, baseline: Baseline, runs: readonly FaultRun[], mode: string): string {
  const totals = totalsOf(runs);
  const { outcome } = baseline;
  const handled = Object.entries(outcome.counts).reduce((sum, [key, count]) => sum + (key === 'sweeps' ? 0 : count), 0);
  const methods = new Map<string, { runs: number; positions: Set<number>; redeliveries: number; known: number }>();
  for (const run of runs) {
    const fault = run.plan.at(-1);
    if (!fault) continue;
    const entry = methods.get(fault.method) ?? { runs: 0, positions: new Set(), redeliveries: 0, known: 0 };
    entry.runs += 1;
    entry.positions.add(fault.call);
    entry.redeliveries += run.redeliveries;
    entry.known += classify(run).known.length > 0 ? 1 : 0;
    methods.set(fault.method, entry);
  }
  const lines = [
    `Fault injection over the REES46 replay (${mode})`,
    `  input            ${n(input.events.length)} events: ${n(input.rows)} REES46 rows, ${n(input.synthetic)} synthetic profile/consent events, ` +
      `${Object.entries(input.extras)
        .map(([kind, count]) => `${count} ${kind}`)
        .join(', ')}; ${n(input.customers)} customers`,
    `  fault-free run   ${n(baseline.steps)} steps (events and sweeps), ${n(handled)} messages handled, ${n(outcome.sendDecisions.size)} sent, ` +
      `${n(outcome.decided.size)} decisions, ${n(outcome.counts.sweeps ?? 0)} sweeps, ${(baseline.ms / 1000).toFixed(1)} s, ` +
      `${baseline.checkpoints.size} checkpoints`,
    `  fault runs       ${n(totals.runs)} (${n(totals.faultsInjected)} faults injected) over ${methods.size} port methods × before/after`,
    `  redeliveries     ${n(totals.redeliveries)}; dead letters ${n(totals.deadLetters)}; provider "already sent" ${n(totals.providerDuplicates)}`,
    `  outcome          ${n(totals.converged)} back in the fault-free state, ${n(totals.comparedAtCheckpoint)} compared invariant by invariant` +
      ` (${n(totals.timingOnly)} with timing-only differences after a failed sweep)`,
    `  known            ${KNOWN_DEFECTS.map((defect) => `${defect.id} (${defect.kind}): ${totals.known[defect.id] ?? 0} runs`).join('; ')}`,
    `  unexpected       ${totals.unexpected.length}`,
    `  run time         ${(totals.ms / 1000).toFixed(1)} s for the fault runs`,
    '  method                              calls  positions  runs  redeliveries  known',
  ];
  for (const [method, entry] of [...methods].sort(([a], [b]) => a.localeCompare(b))) {
    const calls = outcome.calls.get(method) ?? 0;
    lines.push(
      `  ${method.padEnd(34)} ${String(calls).padStart(6)} ${String(entry.positions.size).padStart(10)} ${String(entry.runs).padStart(5)}` +
        ` ${String(entry.redeliveries).padStart(13)} ${String(entry.known).padStart(6)}`,
    );
  }
  for (const { plan, provider, violation } of totals.unexpected.slice(0, 20)) {
    lines.push(`  UNEXPECTED ${plan} (${provider}): ${violation}`);
  }
  return lines.join('\n');
}
