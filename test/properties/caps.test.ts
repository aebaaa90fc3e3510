import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../core/events/schemas.ts';
import { toMs } from '../../core/time.ts';
import { policy } from '../../journeys/index.ts';
import { propertyRuns, propertyTimeout, scenarios } from '../support/customer-scenarios.ts';
import { registryOf, type Simulation, simulate } from '../support/customer-simulation.ts';

const numRuns = propertyRuns();

interface Send {
  at: number;
  channel: Channel;
  journeyId: string;
  life: number;
}

interface Limit {
  name: string;
  max: number;
  window: number;
  counts: (send: Send) => boolean;
}

/** Every cap that applies: the house caps (all promotional, or one channel) and each journey's own caps. */
function limitsOf(sim: Simulation): Limit[] {
  const limits: Limit[] = policy.caps.map((cap) => ({
    name: cap.name,
    max: cap.max,
    window: cap.window,
    counts: (send) => !cap.channel || send.channel === cap.channel,
  }));
  for (const definition of registryOf(sim.scenario).current()) {
    for (const cap of definition.caps ?? []) {
      limits.push({
        name: `${definition.id}: ${cap.max} per ${cap.window / 3_600_000} h`,
        max: cap.max,
        window: cap.window,
        counts: (send) => send.journeyId === definition.id,
      });
    }
  }
  return limits;
}

/**
 * Promotional `send` decisions counted by decision time in every rolling window (t − window, t] that ends at a send.
 * An erasure forgets the send history with everything else (DESIGN.md §11), so windows are counted within one life.
 */
function capsExceeded(sim: Simulation): string[] {
  const sends: Send[] = sim.decisions
    .filter(({ record }) => record.outcome === 'send' && record.category === 'promotional')
    .map(({ record, moment }) => ({
      at: toMs(record.decidedAt),
      channel: record.channel,
      journeyId: record.journeyId,
      life: moment.life,
    }));
  const problems: string[] = [];
  for (const limit of limitsOf(sim)) {
    for (const last of sends) {
      const inWindow = sends.filter(
        (send) =>
          send.life === last.life && send.at > last.at - limit.window && send.at <= last.at && limit.counts(send),
      );
      if (inWindow.length > limit.max) {
        problems.push(`${limit.name}: ${inWindow.length} sends up to ${new Date(last.at).toISOString()}`);
      }
    }
  }
  return [...new Set(problems)];
}

describe('frequency caps (property)', () => {
  it(
    'never exceeds a cap in any rolling window: globally, per channel and per journey',
    () => {
      fc.assert(
        fc.property(scenarios(), (scenario) => {
          expect(capsExceeded(simulate(scenario))).toEqual([]);
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );
});
