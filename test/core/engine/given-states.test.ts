import { describe, expect, it } from 'vitest';
import { inReplayOrder, protect } from '../../../bench/engine-input.ts';
import { syntheticMix } from '../../../bench/synthetic-mix.ts';
import { deepFreeze } from '../../../cli/replay/replay-caches.ts';
import { type CustomerState, newCustomer } from '../../../core/customer/state.ts';
import { applyCustomerEvent } from '../../../core/engine/apply-customer-event.ts';
import { applyTimersDue } from '../../../core/engine/apply-timers-due.ts';
import { days } from '../../../core/time.ts';
import { policy, registry } from '../../../journeys/index.ts';

/** A month of a small shop: 150 customers who come back, with carts, orders, profiles and consents. */
const events = inReplayOrder(syntheticMix({ events: 4000, customers: 150, days: 30, seed: 7 }), 7)
  .map(protect)
  .sort((a, b) => a.at - b.at);

/** Every round's outbox and resulting state, each state handed to the next round frozen or not. */
function run(freeze: boolean) {
  const states = new Map<string, CustomerState>();
  const rounds: unknown[] = [];
  const given = (state: CustomerState) => (freeze ? deepFreeze(state) : state);
  const keep = (pseudonym: string, state: CustomerState) => {
    rounds.push(state);
    states.set(pseudonym, given(state.outbox.length > 0 ? { ...state, outbox: [] } : state));
  };
  for (const { pseudonym, event, at } of events) {
    const state = states.get(pseudonym) ?? given(newCustomer(pseudonym));
    keep(pseudonym, applyCustomerEvent(state, event, { registry, policy, now: at }).state);
  }
  const end = (events.at(-1)?.at ?? 0) + days(40);
  for (const [pseudonym, state] of states) keep(pseudonym, applyTimersDue(state, { registry, policy, now: end }).state);
  return rounds;
}

describe('states given to the engine', () => {
  it('are never written to: frozen states give the same rounds as the engine’s own', () => {
    const own = run(false);
    const frozen = run(true);
    expect(frozen).toEqual(own);
    const decided = own.flatMap((state) => (state as CustomerState).outbox).filter((item) => item.kind === 'decision');
    expect(decided.length).toBeGreaterThan(100);
  });
});
