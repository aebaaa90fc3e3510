import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMs } from '../../core/time.ts';
import { propertyRuns, propertyTimeout, scenarios } from '../support/customer-scenarios.ts';
import { type Simulation, simulate } from '../support/customer-simulation.ts';
import {
  redeliveries,
  reorderKeys,
  withBurstsReordered,
  withClockOf,
  withRedeliveries,
} from '../support/scenario-variants.ts';

const numRuns = propertyRuns();

/** Everything a run leaves behind and every decision and delivery on the way, but the store's version counter. */
function everything(sim: Simulation) {
  const { v: _v, ...state } = sim.final;
  return { state, decisions: sim.decisions.map(({ record }) => record), deliveries: sim.deliveries };
}

/** The customer's facts: consent (granted and since when), profile, activity, closure and erasure. */
function facts({ final: state }: Simulation) {
  const consent = Object.fromEntries(
    Object.entries(state.consent).map(([key, entry]) => [key, { granted: entry?.granted, at: entry?.at }]),
  );
  const { contact, has, tz, country, locale, lastActivityAt, lastAt, rfm, closedAt, erasedAt } = state;
  return { consent, profile: { contact, has, tz, country, locale }, lastActivityAt, lastAt, rfm, closedAt, erasedAt };
}

/** The instants at which several events arrive together (the ones a reordering shuffles). */
function burstsAt(sim: Simulation): Set<number> {
  const instants = new Set<number>();
  sim.scenario.ops.forEach((op, index) => {
    if (op.kind === 'receive' && op.events.length > 1) instants.add(sim.clock[index] ?? 0);
  });
  return instants;
}

const sorted = (items: unknown[]) => items.map((item) => JSON.stringify(item)).sort();

/**
 * The facts, the journeys (status, outcome, entries, state and context), the timers not yet due (a due one fires in
 * the round of whichever event comes next, or at the next sweep) and the messages sent in the customer's last life
 * (journey, template, decision time, variables).
 * Messages decided at the instant a burst arrives are left out, with what became of them (a deferral, a later send):
 * each is decided in the round of one event, with what was known then, so it depends on which events came before it
 * (an order confirmed before the profile with its address arrived is suppressed with missing_identifier, after it
 * sent). What the burst leaves behind decides the rest.
 */
function journeysAndMessages(sim: Simulation) {
  const state = sim.final;
  const bursts = burstsAt(sim);
  const decidedInBurst = new Set(
    sim.decisions.filter(({ moment }) => bursts.has(moment.at)).map(({ record }) => record.messageId),
  );
  const journeys = Object.fromEntries(
    Object.entries(state.journeys).map(([id, { status, outcome, entries, snapshot }]) => [
      id,
      { status, outcome, entries, snapshot },
    ]),
  );
  const timers = state.timers
    .filter((timer) => toMs(timer.fireAt) > sim.end)
    .filter((timer) => timer.kind !== 'deferred' || !decidedInBurst.has(timer.request.messageId))
    .map(({ kind, id, fireAt }) => [kind, id, fireAt]);
  const sends = sim.deliveries
    .filter(({ decided, message }) => decided.life === sim.erasures.length && !decidedInBurst.has(message.messageId))
    .map(({ message }) => [message.journeyId, message.template, message.decidedAt, message.variables]);
  return { facts: facts(sim), journeys, timers: sorted(timers), sends: sorted(sends) };
}

/**
 * Customers whose timers the sweeper fires right when they are due. With a sweep lag, a timer due a moment before a
 * burst fires in the round of the burst's first event and is decided with that event applied (after a withdrawal
 * that came first, before one that came second), and the caps it then uses up or leaves steer later messages: by
 * design, decisions at the burst's instant depend on what arrived before them.
 */
const sweptOnTime = scenarios().map((scenario) => ({ ...scenario, sweepLag: 0 }));

describe('duplicates and reordering (property)', () => {
  it(
    'ends in exactly the same place when events are delivered again, soon or days later',
    () => {
      fc.assert(
        fc.property(scenarios({ redeliveries: false }), redeliveries, (scenario, inserts) => {
          const once = simulate(scenario);
          const again = simulate(withRedeliveries(scenario, inserts));
          expect(everything(again)).toEqual(everything(once));
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );

  it(
    'keeps consent, profile and activity facts whatever order events received together arrive in',
    () => {
      fc.assert(
        fc.property(scenarios(), reorderKeys, (scenario, keys) => {
          const asSent = simulate(scenario);
          const reordered = simulate(withBurstsReordered(withClockOf(scenario, asSent), keys, 'facts'));
          expect(facts(reordered)).toEqual(facts(asSent));
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );

  it(
    'keeps journeys and the messages sent when activity and consent, profile or privacy events swap places',
    () => {
      fc.assert(
        fc.property(sweptOnTime, reorderKeys, (scenario, keys) => {
          const asSent = simulate(scenario);
          const reordered = simulate(withBurstsReordered(withClockOf(scenario, asSent), keys, 'journeys'));
          expect(journeysAndMessages(reordered)).toEqual(journeysAndMessages(asSent));
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );
});
