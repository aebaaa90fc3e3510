import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../core/customer/outbox.ts';
import { propertyRuns, propertyTimeout, scenarios } from '../support/customer-scenarios.ts';
import { type Simulation, simulate } from '../support/customer-simulation.ts';

const numRuns = propertyRuns();

function sentTwice(sim: Simulation): string[] {
  const sends = new Map<string, number>();
  for (const { record } of sim.decisions) {
    if (record.outcome === 'send') sends.set(record.messageId, (sends.get(record.messageId) ?? 0) + 1);
  }
  return [...sends].filter(([, count]) => count > 1).map(([messageId, count]) => `${messageId} sent ${count} times`);
}

/** What makes a message the same one: who asked for it, in which entry, when, and which message it is. */
const askOf = (record: DecisionRecord) =>
  JSON.stringify([record.journeyId, record.entry, record.message, record.askedAt, record.trigger, record.statePath]);

function reusedIds(sim: Simulation): string[] {
  const asks = new Map<string, Set<string>>();
  for (const { record } of sim.decisions) {
    const seen = asks.get(record.messageId) ?? new Set<string>();
    seen.add(askOf(record));
    asks.set(record.messageId, seen);
  }
  return [...asks].filter(([, seen]) => seen.size > 1).map(([messageId, seen]) => `${messageId}: ${[...seen]}`);
}

describe('message ids (property)', () => {
  it(
    'decides each message send at most once',
    () => {
      fc.assert(
        fc.property(scenarios(), (scenario) => {
          expect(sentTwice(simulate(scenario))).toEqual([]);
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );

  it(
    'never gives two different messages the same messageId, across erasure and re-entry too',
    () => {
      fc.assert(
        fc.property(scenarios(), (scenario) => {
          expect(reusedIds(simulate(scenario))).toEqual([]);
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );
});
