import fc from 'fast-check';
import { ACTIVITY_TYPES } from '../../core/events/schemas.ts';
import type { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import {
  registryOf,
  type Scenario,
  type ScenarioEvent,
  type ScenarioOp,
  type Simulation,
} from './customer-simulation.ts';

/** The same scenario with redeliveries of earlier events inserted (positions and picks are indexes, taken modulo). */
export function withRedeliveries(scenario: Scenario, inserts: ReadonlyArray<{ at: number; pick: number }>): Scenario {
  const ops: ScenarioOp[] = [...scenario.ops];
  for (const { at, pick } of inserts) ops.splice(at % (ops.length + 1), 0, { kind: 'redeliver', pick });
  return { ...scenario, ops };
}

export const redeliveries = fc.array(fc.record({ at: fc.nat(), pick: fc.nat() }), { minLength: 1, maxLength: 8 });

type Dated = ScenarioEvent & { at: number };

/**
 * What a reordering must leave alone:
 * - `facts`: pairs whose order the engine's own rules make meaningful;
 * - `journeys`: those, and pairs whose order journeys see (XState machines take events in arrival order).
 */
export type ReorderScope = 'facts' | 'journeys';

const consentKeyOverlaps = (a: ScenarioEvent, b: ScenarioEvent) =>
  a.payload.purpose === b.payload.purpose &&
  (a.payload.channel === b.payload.channel || a.payload.channel === 'all' || b.payload.channel === 'all');

/**
 * Pairs whose arrival order matters by design for the customer's facts (consent, profile, activity, erasure):
 * - a grant and a withdrawal of the same channel and purpose (decision 0005 §3: a withdrawal received after a grant
 *   wins, whatever its date);
 * - an erasure request and an event that occurred after it (decision 0005: an erasure dated before events already
 *   applied erases them too; the same events arriving after it belong to the customer who came back);
 * - two profile updates dated the same millisecond: nothing but arrival tells which is newer.
 */
function factsOrderMatters(a: Dated, b: Dated): boolean {
  if (a.type === 'consent.changed' && b.type === 'consent.changed') {
    return consentKeyOverlaps(a, b) && a.payload.granted !== b.payload.granted;
  }
  if (a.type === 'customer.profile_updated' && b.type === 'customer.profile_updated') return a.at === b.at;
  if (a.type === 'privacy.erasure_requested') return b.at > a.at;
  if (b.type === 'privacy.erasure_requested') return a.at > b.at;
  return false;
}

/**
 * Pairs whose arrival order journeys see, besides the facts' pairs:
 * - two events one journey reacts to: its machine takes them in arrival order, so the first of two ends names the
 *   outcome (a cart emptied or converted), the facts of the event received last are in the context (the review
 *   request names the order received last), and a trigger and the goal that ends it leave the journey entered and
 *   ended in one order and never entered in the other (decision 0005 §4); the entry numbers then differ, and with them
 *   the re-entry cooldown (a browse view a minute later enters in one order only), `maxEntries` and the A/B bucket;
 * - an account closure and a customer activity or any journey trigger (a consent change enters the receipt
 *   journey): the closure exits the journeys running when it is received, so a journey the other event enters is
 *   exited (`account_closed`) in one order and never entered in the other, and an order arriving after the closure
 *   gets no confirmation (journeys are not fed once the account is closed).
 */
function journeysOrderMatters(a: Dated, b: Dated, registry: JourneyRegistry): boolean {
  const closure = 'customer.account_closed';
  if (a.type === closure || b.type === closure) {
    const other = a.type === closure ? b : a;
    const triggers = registry.current().some((definition) => definition.entry.triggers.includes(other.type as never));
    return ACTIVITY_TYPES.has(other.type) || triggers;
  }
  return registry.current().some((definition) => {
    const reactsTo = new Set<string>([
      ...definition.entry.triggers,
      ...(definition.entry.endedBy ?? []),
      ...definition.machine.events,
    ]);
    return reactsTo.has(a.type) && reactsTo.has(b.type);
  });
}

export function orderMatters(a: Dated, b: Dated, scope: ReorderScope, registry: JourneyRegistry): boolean {
  return factsOrderMatters(a, b) || (scope === 'journeys' && journeysOrderMatters(a, b, registry));
}

/**
 * Reorders events received together by the given sort keys, with adjacent swaps only and never swapping a pair whose
 * order matters: such a pair can only trade places through a swap of its own, so it keeps its order.
 */
function reorder(
  events: ScenarioEvent[],
  keys: readonly number[],
  now: number,
  matters: (a: Dated, b: Dated) => boolean,
) {
  const dated = events.map((event, index) => ({
    ...event,
    at: now - event.offset,
    key: keys[index % Math.max(1, keys.length)] ?? 0,
  }));
  for (let pass = 0; pass < dated.length; pass += 1) {
    for (let index = 0; index + 1 < dated.length; index += 1) {
      const [left, right] = [dated[index], dated[index + 1]];
      if (left && right && left.key > right.key && !matters(left, right)) {
        dated[index] = right;
        dated[index + 1] = left;
      }
    }
  }
  return dated.map(({ at: _at, key: _key, ...event }) => event);
}

/** The same scenario with every clock move fixed as it happened in `sim` (an `untilDue` follows the state). */
export function withClockOf(scenario: Scenario, sim: Simulation): Scenario {
  const ops = scenario.ops.map((op, index): ScenarioOp => {
    if (op.kind !== 'untilDue') return op;
    return { kind: 'advance', ms: (sim.clock[index + 1] ?? 0) - (sim.clock[index] ?? 0) };
  });
  return { ...scenario, ops };
}

/**
 * The same scenario with the events of each burst (received at one instant) arriving in another order; its clock
 * moves must not depend on the state (see `withClockOf`).
 */
export function withBurstsReordered(scenario: Scenario, keys: readonly number[], scope: ReorderScope): Scenario {
  const registry = registryOf(scenario);
  const matters = (a: Dated, b: Dated) => orderMatters(a, b, scope, registry);
  let now = scenario.start;
  const ops = scenario.ops.map((op): ScenarioOp => {
    if (op.kind === 'advance') now += op.ms;
    if (op.kind !== 'receive' || op.events.length < 2) return op;
    return { kind: 'receive', events: reorder(op.events, keys, now, matters) };
  });
  return { ...scenario, ops };
}

export const reorderKeys = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 12 });
