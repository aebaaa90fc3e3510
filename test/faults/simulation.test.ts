import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from './fault-injector.ts';
import { type Baseline, runBaseline, runWithFaults } from './fault-runs.ts';
import { violations } from './invariants.ts';
import { hasRees46Sample, loadRees46, type Rees46Input } from './rees46-input.ts';
import { Simulation } from './simulation.ts';

/**
 * The sweep stops a fault run once it is back in the fault-free run's state; these tests check that shortcut on a
 * small replay against runs played to the end.
 */
describe.skipIf(!hasRees46Sample())('the replay simulation behind the fault sweep', () => {
  let input: Rees46Input;
  let baseline: Baseline;
  beforeAll(async () => {
    input = await loadRees46(1000);
    baseline = await runBaseline(input.events, {}, 200);
  }, 120_000);

  it('is deterministic: two fault-free runs end in the same state', async () => {
    const again = new Simulation(input.events);
    await again.run();
    expect(again.digest()).toBe(baseline.final.digest());
    expect(again.steps).toBe(baseline.steps);
  });

  it('a fork carries on exactly as the run it was taken from', async () => {
    const checkpoint = [...baseline.checkpoints.values()][3] as Simulation;
    const fork = checkpoint.fork([]);
    await fork.run();
    expect(fork.digest()).toBe(baseline.final.digest());
  });

  it('a failed sweep is judged once the next sweep made it good: the timers it missed fire a minute late, nothing lost', async () => {
    // Checkpoints every 5 units of work: several fall in the minute between the failed sweep and the next one.
    const dense = await runBaseline(input.events, {}, 5);
    for (const call of [1, 3]) {
      for (const phase of ['before', 'after'] as const) {
        const run = await runWithFaults(dense, [{ method: 'queues.ingest.send', call, phase }], { patience: 1 });
        expect(run.fired[0]?.context).toContain('sweep at');
        expect(run.violations, `queues.ingest.send#${call}:${phase}`).toEqual([]);
        expect(run.notes.length, `queues.ingest.send#${call}:${phase}`).toBeGreaterThan(0);
      }
    }
  }, 60_000);

  const calls = (method: string) => baseline.outcome.calls.get(method) ?? 0;
  const plans: Array<[string, () => FaultSpec[]]> = [
    [
      'a lost save response',
      () => [{ method: 'store.save', call: Math.ceil(calls('store.save') / 3), phase: 'after' }],
    ],
    ['a failed delivery queue', () => [{ method: 'queues.delivery.send', call: 2, phase: 'before' }]],
    [
      'a lost outbox clearing',
      () => [{ method: 'store.clearOutbox', call: calls('store.clearOutbox') - 5, phase: 'after' }],
    ],
  ];
  for (const [name, plan] of plans) {
    it(`stopping where the run rejoined the fault-free run tells what playing it to the end tells: ${name}`, async () => {
      const quick = await runWithFaults(baseline, plan());
      expect(quick.convergedAt).toBeDefined();
      expect(quick.redeliveries).toBeGreaterThan(0);
      const full = (baseline.checkpoints.get(0) as Simulation).fork(plan());
      await full.run();
      expect(violations(baseline.outcome, await full.outcome()).violations).toEqual([]);
      expect(full.world.digest()).toBe(baseline.final.world.digest());
    }, 60_000);
  }
});
