import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReasonCode } from '../../core/policy/config.ts';
import { policy } from '../../journeys/index.ts';
import { propertyRuns, propertyTimeout, scenarios } from '../support/customer-scenarios.ts';
import { type Moment, type Simulation, simulate } from '../support/customer-simulation.ts';

const numRuns = propertyRuns();

/** Marketing consent for the channel holds (the reference model says so), and in Korea it is not stale. */
function consentProblem(moment: Moment): string | undefined {
  if (moment.marketingSince === undefined) return 'no marketing consent';
  const maxAge = moment.state.country ? policy.countryRules[moment.state.country]?.marketingConsentMaxAge : undefined;
  if (maxAge !== undefined && moment.at - moment.marketingSince > maxAge) return 'stale marketing consent';
  return undefined;
}

function promotionalWithoutConsent(sim: Simulation): string[] {
  const problems: string[] = [];
  for (const { record, moment } of sim.decisions) {
    if (record.outcome !== 'send' || record.category !== 'promotional') continue;
    const problem = consentProblem(moment);
    if (problem) problems.push(`${record.messageId} decided send at ${record.decidedAt}: ${problem}`);
  }
  for (const delivery of sim.deliveries) {
    if (delivery.message.category !== 'promotional') continue;
    for (const attempt of delivery.attempts) {
      const problem = attempt.reasons.length === 0 ? consentProblem(attempt.moment) : undefined;
      if (problem) problems.push(`${delivery.message.messageId} delivered at ${attempt.moment.at}: ${problem}`);
    }
  }
  return problems;
}

const MARKETING_RULES: ReadonlySet<ReasonCode> = new Set([
  'no_consent',
  'consent_stale',
  'night_consent_missing',
  'frequency_cap',
  'priority_conflict',
  'journey_cap',
  'quiet_hours',
  'holdout',
]);

function transactionalHeldByMarketingRules(sim: Simulation): string[] {
  const problems: string[] = [];
  for (const { record } of sim.decisions) {
    if (record.category !== 'transactional') continue;
    const marketing = record.reasons.filter((reason) => MARKETING_RULES.has(reason));
    if (marketing.length > 0 || record.outcome === 'deferred') {
      problems.push(`${record.messageId} ${record.outcome} with ${record.reasons.join(', ')}`);
    }
  }
  for (const delivery of sim.deliveries) {
    if (delivery.message.category !== 'transactional') continue;
    for (const { reasons } of delivery.attempts) {
      const marketing = reasons.filter((reason) => MARKETING_RULES.has(reason));
      if (marketing.length > 0) problems.push(`${delivery.message.messageId} withheld at delivery: ${marketing}`);
    }
  }
  return problems;
}

function deliveredAcrossAnErasure(sim: Simulation): string[] {
  return sim.deliveries.flatMap((delivery) =>
    delivery.attempts
      .filter((attempt) => attempt.reasons.length === 0 && attempt.moment.life !== delivery.decided.life)
      .map(
        (attempt) =>
          `${delivery.message.messageId} decided in life ${delivery.decided.life}, delivered in ${attempt.moment.life}`,
      ),
  );
}

describe('consent at decision and at delivery (property)', () => {
  it(
    'never sends a promotional message without marketing consent for its channel, at decision time or at delivery',
    () => {
      fc.assert(
        fc.property(scenarios(), (scenario) => {
          expect(promotionalWithoutConsent(simulate(scenario))).toEqual([]);
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );

  it(
    'never holds a transactional message back by a marketing rule',
    () => {
      fc.assert(
        fc.property(scenarios(), (scenario) => {
          expect(transactionalHeldByMarketingRules(simulate(scenario))).toEqual([]);
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );

  it(
    'never delivers a message decided before an erasure once the erasure has been applied',
    () => {
      fc.assert(
        fc.property(scenarios(), (scenario) => {
          expect(deliveredAcrossAnErasure(simulate(scenario))).toEqual([]);
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );
});
