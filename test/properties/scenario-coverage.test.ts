import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../support/customer-scenarios.ts';
import { type Simulation, simulate } from '../support/customer-simulation.ts';

/** What a simulated run went through, by name: the properties are only as good as the cases they reach. */
function reached(sim: Simulation): string[] {
  const seen: string[] = [];
  for (const { record, moment } of sim.decisions) {
    seen.push(`${record.category} ${record.outcome}`, ...record.reasons.map((reason) => `decided ${reason}`));
    if (record.outcome !== 'send' || record.category !== 'promotional') continue;
    seen.push(`promotional ${record.channel} send`);
    if (moment.state.country === 'KR') seen.push('promotional send in KR');
    if (moment.life > 0) seen.push('promotional send after an erasure');
  }
  for (const delivery of sim.deliveries) {
    for (const attempt of delivery.attempts.slice(1))
      seen.push(...attempt.reasons.map((reason) => `withheld ${reason}`));
  }
  seen.push(...sim.outcomes.map(({ outcome }) => `event ${outcome}`));
  return seen;
}

describe('the generated scenarios', () => {
  it('reach every rule the properties speak about (a fixed sample of 500 customers)', () => {
    const counts = new Map<string, number>();
    for (const scenario of fc.sample(scenarios(), { numRuns: 500, seed: 11 })) {
      for (const name of reached(simulate(scenario))) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const expected = [
      'promotional email send',
      'promotional sms send',
      'promotional send in KR',
      'promotional send after an erasure',
      'transactional send',
      'promotional deferred',
      'decided quiet_hours',
      'decided night_consent_missing',
      'decided priority_conflict',
      'decided frequency_cap',
      'decided journey_cap',
      'decided consent_stale',
      'decided holdout',
      'decided no_consent',
      'decided exited',
      'withheld no_consent',
      'withheld erased',
      'event duplicate',
      'event older_than_erasure',
      'event rejected',
    ];
    expect(expected.filter((name) => !counts.has(name))).toEqual([]);
  });
});
