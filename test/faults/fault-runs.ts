import type { SourceEvent } from '../../cli/replay/sources.ts';
import { fnv1a } from '../../core/hash.ts';
import { describeFault, type FaultPhase, type FaultSpec, type FiredFault } from './fault-injector.ts';
import { violations } from './invariants.ts';
import type { DeadLetter } from './sim-queue.ts';
import { type SimOptions, type SimOutcome, Simulation } from './simulation.ts';

/** The fault-free run: its outcome, and copies of it every `interval` units of work (steps and messages handled). */
export interface Baseline {
  outcome: SimOutcome;
  steps: number;
  interval: number;
  checkpoints: Map<number, Simulation>;
  /** The same checkpoints by position (see `Simulation.position`), and the end of the run. */
  byPosition: Map<string, Simulation>;
  final: Simulation;
  ms: number;
}

export async function runBaseline(
  input: readonly SourceEvent[],
  options: SimOptions = {},
  interval = 400,
): Promise<Baseline> {
  const started = performance.now();
  const sim = new Simulation(input, options);
  const checkpoints = new Map([[0, sim.fork([])]]);
  let last = 0;
  while (await sim.step()) {
    if (sim.work - last < interval) continue;
    last = sim.work;
    checkpoints.set(sim.steps, sim.fork([]));
  }
  const outcome = await sim.outcome();
  const byPosition = new Map([...checkpoints.values()].map((checkpoint) => [checkpoint.position, checkpoint]));
  byPosition.set(sim.position, sim);
  return { outcome, steps: sim.steps, interval, checkpoints, byPosition, final: sim, ms: performance.now() - started };
}

export interface FaultRun {
  plan: FaultSpec[];
  idempotentProvider: boolean;
  fired: FiredFault[];
  /** The step at which the run was back in the fault-free run's state (then everything after is identical). */
  convergedAt?: number;
  startedAt: number;
  steps: number;
  redeliveries: number;
  deadLetters: DeadLetter[];
  providerDuplicates: number;
  violations: string[];
  notes: string[];
  ms: number;
}

const digests = new WeakMap<Simulation, string>();
const digestOf = (sim: Simulation) => {
  let digest = digests.get(sim);
  if (digest === undefined) {
    digest = sim.digest();
    digests.set(sim, digest);
  }
  return digest;
};

/** A fault that fired in a sweep (see `Simulation`'s fault context). */
const hitSweep = (fault: FiredFault) => fault.context.includes('sweep at');

const worldDigests = new WeakMap<Simulation, string>();
const sameWorld = (a: Simulation, b: Simulation) => {
  if (!worldDigests.has(b)) worldDigests.set(b, b.world.digest());
  return a.world.digest() === worldDigests.get(b);
};

/**
 * Runs the input with `plan`: forked from the last checkpoint before the first planned call, then step by step
 * until every planned fault fired and the run's state equals the fault-free run's at a checkpoint (the same digest
 * of customers, logs, ledger, channel, events, exports and sweeper; the rest of the run is then identical, since
 * runs are deterministic). A run that has not converged `patience` checkpoint intervals after its last fault (or at
 * the end) is compared, invariant by invariant, with the fault-free run at the same position: both states carry
 * everything their futures depend on, so a difference that matters shows there. After a fault in a sweep, patience
 * counts from the next sweep, the one that makes it good (see `violations`' `timingMayDiffer`).
 */
export async function runWithFaults(
  baseline: Baseline,
  plan: FaultSpec[],
  options: { idempotentProvider?: boolean; patience?: number } = {},
): Promise<FaultRun> {
  const { idempotentProvider = false, patience = 4 } = options;
  const started = performance.now();
  let start = 0;
  for (const [step, checkpoint] of baseline.checkpoints) {
    const calls = checkpoint.world.injector.calls;
    if (plan.every((fault) => (calls.get(fault.method) ?? 0) < fault.call) && step > start) start = step;
  }
  const sim = (baseline.checkpoints.get(start) as Simulation).fork(plan, { idempotentProvider });
  let convergedAt: number | undefined;
  let comparedAt: Simulation = baseline.final;
  let firedAtWork: number | undefined;
  let sweepFailedAt: number | undefined;
  const allFired = () => sim.world.injector.fired.length >= plan.length;
  for (let more = true; more; ) {
    more = await sim.step();
    if (!allFired()) continue;
    if (firedAtWork === undefined) {
      firedAtWork = sim.work;
      if (sim.world.injector.fired.some(hitSweep)) sweepFailedAt = sim.lastSweep;
    }
    // A failed sweep is made good by the next one, a minute later in virtual time (timers late by one interval at
    // most). Until then the run cannot be judged: a dense minute of input can hold many checkpoints, all at the same
    // position before that sweep. Patience counts from the sweep that recovers.
    if (sweepFailedAt !== undefined) {
      if (more && sim.lastSweep <= sweepFailedAt) continue;
      sweepFailedAt = undefined;
      firedAtWork = sim.work;
    }
    const checkpoint = more ? baseline.byPosition.get(sim.position) : baseline.final;
    if (!checkpoint) continue;
    // At the end nothing follows, so the sweeper's memory of recent runs no longer matters.
    const same = more ? sim.digest() === digestOf(checkpoint) : sameWorld(sim, checkpoint);
    if (same) {
      convergedAt = sim.steps;
      break;
    }
    if (sim.work - firedAtWork >= patience * baseline.interval) {
      comparedAt = checkpoint;
      break;
    }
  }
  const tally = sim.tally();
  const timingMayDiffer = tally.fired.some(hitSweep);
  const verdict =
    convergedAt === undefined
      ? violations(comparedAt === baseline.final ? baseline.outcome : await comparedAt.outcome(), await sim.outcome(), {
          timingMayDiffer,
        })
      : { violations: tally.deadLetters.map((letter) => `dead letter on ${letter.queue}: ${letter.error}`), notes: [] };
  const found = verdict.violations;
  if (!allFired()) found.push(`planned fault not reached: ${plan.map(describeFault).join(' + ')}`);
  return {
    plan,
    idempotentProvider,
    fired: tally.fired,
    ...(convergedAt === undefined ? {} : { convergedAt }),
    startedAt: start,
    steps: sim.steps - start,
    redeliveries: tally.redeliveries,
    deadLetters: tally.deadLetters,
    providerDuplicates: tally.providerDuplicates,
    violations: found,
    notes: verdict.notes,
    ms: performance.now() - started,
  };
}

/**
 * Fault plans: for every port method the fault-free run called, `positions` call numbers spread over the run
 * (always the first and the last, the rest at seeded points between), each failing before and after its effect.
 * A method only called on a failure path (`ledger.release`) is reached by a plan that first fails the call that
 * leads there (`after` a failed channel send).
 */
export function faultPlans(
  calls: ReadonlyMap<string, number>,
  positions: number,
  seed = 1,
  onFailurePath: Record<string, string> = { 'ledger.release': 'channels.email.send' },
): FaultSpec[][] {
  const phases: FaultPhase[] = ['before', 'after'];
  const plans: FaultSpec[][] = [];
  for (const [method, total] of [...calls].sort(([a], [b]) => a.localeCompare(b))) {
    const chosen = new Set([1, total]);
    for (let index = 0; index < positions - 2; index += 1) {
      const slot = (fnv1a(`${seed}:${method}:${index}`) % 1000) / 1000;
      chosen.add(Math.min(total, Math.max(1, Math.round(((index + slot) / (positions - 2)) * total))));
    }
    for (const call of [...chosen].sort((a, b) => a - b)) {
      for (const phase of phases) plans.push([{ method, call, phase }]);
    }
  }
  for (const [method, via] of Object.entries(onFailurePath)) {
    if (calls.has(method) || !calls.has(via)) continue;
    const total = calls.get(via) as number;
    const picks = new Set([1, total, Math.ceil(total / 2)].slice(0, Math.max(1, Math.min(positions, 3))));
    for (const call of picks) {
      for (const phase of phases)
        plans.push([
          { method: via, call, phase: 'before' },
          { method, call: 1, phase },
        ]);
    }
  }
  return plans;
}
