import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wakeAt } from '../../core/customer/state.ts';
import { timeZoneOf } from '../../core/policy/engine.ts';
import { inLocalWindow } from '../../core/policy/local-time.ts';
import { days, toMs } from '../../core/time.ts';
import { policy } from '../../journeys/index.ts';
import { propertyRuns, propertyTimeout, scenarios } from '../support/customer-scenarios.ts';
import { type DecisionSeen, type Simulation, simulate } from '../support/customer-simulation.ts';

const numRuns = propertyRuns();
const { startHour: quietFrom, endHour: quietUntil } = policy.quietHours;

/** Whether a promotional message may go out at `at` to this recipient on this channel (DESIGN.md §7). */
function mayGoOut({ record, moment }: DecisionSeen, at: number): boolean {
  const timeZone = timeZoneOf(moment.state, policy);
  const rule = moment.state.country ? policy.countryRules[moment.state.country] : undefined;
  const smsWindow = record.channel === 'sms' ? rule?.smsWindow : undefined;
  if (smsWindow && !inLocalWindow(at, timeZone, smsWindow.startHour, smsWindow.endHour)) return false;
  if (!inLocalWindow(at, timeZone, quietFrom, quietUntil)) return true;
  return rule?.nightConsentLiftsQuietHours === true && moment.nightSince !== undefined;
}

function misplacedDeferrals(sim: Simulation): string[] {
  const problems: string[] = [];
  for (const seen of sim.decisions) {
    const { record } = seen;
    const decidedAt = toMs(record.decidedAt);
    if (record.outcome === 'deferred') {
      const until = toMs(record.deferredUntil ?? '');
      const label = `${record.messageId} deferred at ${record.decidedAt} until ${record.deferredUntil}`;
      if (!(until > decidedAt)) problems.push(`${label}: not after the decision`);
      if (record.reasons.includes('quiet_hours') && !mayGoOut(seen, until)) problems.push(`${label}: still quiet`);
      if (record.reasons.includes('quiet_hours') && until - decidedAt > days(1)) problems.push(`${label}: too late`);
      if (record.reasons.includes('priority_conflict') && until !== decidedAt + policy.conflictDelay) {
        problems.push(`${label}: not the conflict delay`);
      }
    }
    if (record.outcome === 'send' && record.category === 'promotional' && !mayGoOut(seen, decidedAt)) {
      problems.push(`${record.messageId} sent at ${record.decidedAt}, outside the recipient's send window`);
    }
  }
  return problems;
}

/** A deferred message is decided again when its time comes (within one sweep), unless an erasure forgot it first. */
function deferralsNotDecidedAgain(sim: Simulation): string[] {
  const problems: string[] = [];
  sim.decisions.forEach(({ record, moment }, index) => {
    if (record.outcome !== 'deferred' || !record.deferredUntil) return;
    const due = toMs(record.deferredUntil);
    const latest = due + sim.scenario.sweepLag;
    const lifeEnds = sim.erasures[moment.life] ?? Number.POSITIVE_INFINITY;
    if (latest > sim.end || lifeEnds <= latest) return;
    const again = sim.decisions
      .slice(index + 1)
      .find((later) => later.record.messageId === record.messageId && later.moment.life === moment.life);
    const at = again ? toMs(again.record.decidedAt) : undefined;
    if (at === undefined || at < due || at > latest) {
      problems.push(`${record.messageId} due ${record.deferredUntil} decided again at ${again?.record.decidedAt}`);
    }
  });
  return problems;
}

/** The sweeper finds a customer through the index: it must never hold a time later than the earliest timer. */
function wakeIndexBehind(sim: Simulation): string[] {
  return sim.states.flatMap((state) => {
    const earliest = wakeAt(state);
    if (earliest === undefined) return [];
    if (state.indexedWakeAt !== undefined && state.indexedWakeAt <= earliest) return [];
    return [`timer due ${earliest} but the index holds ${state.indexedWakeAt}`];
  });
}

describe('deferrals (property)', () => {
  it(
    'defers into the allowed window, after the decision, and sends promotional messages only inside it',
    () => {
      fc.assert(
        fc.property(scenarios(), (scenario) => {
          expect(misplacedDeferrals(simulate(scenario))).toEqual([]);
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );

  it(
    'decides a deferred message again when its time comes, and the wake index never skips a timer',
    () => {
      fc.assert(
        fc.property(scenarios(), (scenario) => {
          const sim = simulate(scenario);
          expect([...deferralsNotDecidedAgain(sim), ...wakeIndexBehind(sim)]).toEqual([]);
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );
});
