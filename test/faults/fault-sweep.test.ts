import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from './fault-injector.ts';
import { type Baseline, type FaultRun, faultPlans, runBaseline, runWithFaults } from './fault-runs.ts';
import { hasRees46Sample, loadRees46, type Rees46Input } from './rees46-input.ts';
import { sweepSummary, totalsOf } from './sweep-report.ts';

/**
 * Every port method of the pipeline fails, in turn, before and after its effect, at positions spread over a replay of
 * the REES46 sample; each run must end where the fault-free run ends (see invariants.ts). CI: 10,000 rows and three
 * positions per method and phase. `FAULTS_HEAVY=1`: the whole sample and twelve positions (`FAULTS_POSITIONS=n`
 * overrides).
 */
const HEAVY = process.env.FAULTS_HEAVY === '1';
const ROWS = HEAVY ? 17_424 : 10_000;
const POSITIONS = Number(process.env.FAULTS_POSITIONS ?? (HEAVY ? 12 : 3));

/**
 * Every method of every port the use cases are given, but `ledger.markAnnounced`: only a failed `message.sent`
 * leads there (delivery-after-send.test.ts fails it before and after its effect).
 */
const PORT_METHODS = [
  'clock.now',
  'store.load',
  'store.save',
  'store.clearOutbox',
  'decisionLog.append',
  'decisionLog.decisions',
  'decisionLog.consentHistory',
  'wakeIndex.dueBy',
  'eraser.eraseRecords',
  'eraser.recordKeysDestroyed',
  'pseudonymizer.pseudonymOf',
  'vault.seal',
  'vault.open',
  'events.publish',
  'queues.ingest.send',
  'queues.delivery.send',
  'queues.privacy.send',
  'queues.rejected.send',
  'renderer.render',
  'ledger.claim',
  'ledger.complete',
  'ledger.release',
  'sink.write',
  'channels.email.send',
  // re-engagement's win-back goes by SMS to KR customers with a phone number, consent receipts by SMS too
  'channels.sms.send',
];
/** The sample's customers have no KakaoTalk id or push token: these senders are wired but never called. */
const UNREACHED = ['channels.kakao.send', 'channels.push.send'];

describe.skipIf(!hasRees46Sample())('fault injection over a replay of the REES46 sample', () => {
  let input: Rees46Input;
  let baseline: Baseline;
  beforeAll(async () => {
    input = await loadRees46(ROWS);
    baseline = await runBaseline(input.events);
  }, 180_000);

  it('replays at least 10,000 events fault-free with sends, timers, privacy work and no loose ends', () => {
    const { outcome } = baseline;
    expect(input.events.length).toBeGreaterThanOrEqual(10_000);
    expect(outcome.sendDecisions.size).toBeGreaterThan(1000);
    expect(outcome.counts['ingest:timer']).toBeGreaterThan(1000);
    expect(outcome.exports.size).toBeGreaterThan(0);
    expect(outcome.deadLetters).toEqual([]);
    expect(outcome.orphanedOutboxes).toEqual([]);
    expect([...outcome.delivered.values()].every((times) => times === 1)).toBe(true);
    expect(outcome.delivered.size).toBe(outcome.sendDecisions.size);
    expect([...outcome.sendDecisions].every((messageId) => outcome.enqueued.has(messageId))).toBe(true);
    for (const method of UNREACHED) expect(outcome.calls.get(method) ?? 0, method).toBe(0);
  });

  it(
    'a fault at any port call, before or after its effect, loses no transition, sends nothing twice and orphans no outbox',
    async () => {
      const plans = faultPlans(baseline.outcome.calls, POSITIONS);
      const runs: FaultRun[] = [];
      for (const plan of plans) {
        runs.push(await runWithFaults(baseline, plan));
        const last = plan.at(-1) as FaultSpec;
        if (/^(channels|ledger)\./.test(last.method)) {
          runs.push(await runWithFaults(baseline, plan, { idempotentProvider: true }));
        }
      }
      console.log(sweepSummary(input, baseline, runs, HEAVY ? 'FAULTS_HEAVY' : 'CI sample'));
      const covered = new Set(runs.flatMap((run) => run.fired.map((fault) => `${fault.method}:${fault.phase}`)));
      for (const method of PORT_METHODS) {
        expect(covered, method).toContain(`${method}:before`);
        expect(covered, method).toContain(`${method}:after`);
      }
      const totals = totalsOf(runs);
      expect(totals.unexpected).toEqual([]);
      expect(totals.deadLetters).toBe(0);
    },
    HEAVY ? 4 * 3_600_000 : 600_000,
  );
});
