import { describe, expect, it } from 'vitest';
import { inReplayOrder, protect } from '../../../bench/engine-input.ts';
import { syntheticMix } from '../../../bench/synthetic-mix.ts';
import { uuidFrom } from '../../../cli/replay/rees46.ts';
import { deepFreeze } from '../../../cli/replay/replay-caches.ts';
import { type CustomerState, newCustomer } from '../../../core/customer/state.ts';
import { applyCustomerEvent } from '../../../core/engine/apply-customer-event.ts';
import { applyTimersDue } from '../../../core/engine/apply-timers-due.ts';
import type { JourneyLifecycles } from '../../../core/journey-runtime/lifecycle.ts';
import { days } from '../../../core/time.ts';
import { policy, registry } from '../../../journeys/index.ts';

/** A month of a small shop: 150 customers who come back, with carts, orders, profiles and consents; a few close. */
const shop = inReplayOrder(syntheticMix({ events: 4000, customers: 150, days: 30, seed: 7 }), 7);
const closing = [...new Set(shop.map((event) => String(event.detail.customerId)))].filter(
  (_, index) => index % 10 === 0,
);
const closures = closing.map((customerId) => ({
  detailType: 'customer.account_closed',
  detail: { v: 1, eventId: uuidFrom(`closed:${customerId}`), occurredAt: '2019-10-20T12:00:00.000Z', customerId },
}));
const events = [...shop, ...closures].map(protect).sort((a, b) => a.at - b.at);
/** At the end the cart journey is stopped and browse paused with its customers sent out. */
const lifecycle: JourneyLifecycles = {
  cart: { state: 'stopped', since: '2019-11-01T00:00:00.000Z' },
  browse: { state: 'paused', since: '2019-11-01T00:00:00.000Z', inFlight: 'exit' },
};

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
  for (const [pseudonym, state] of states) {
    keep(pseudonym, applyTimersDue(state, { registry, policy, now: end, lifecycle }).state);
  }
  return rounds;
}

describe('states given to the engine', () => {
  it('are never written to: frozen states give the same rounds as the engine’s own', () => {
    const own = run(false);
    const frozen = run(true);
    expect(frozen).toEqual(own);
    const decided = own.flatMap((state) => (state as CustomerState).outbox).filter((item) => item.kind === 'decision');
    expect(decided.length).toBeGreaterThan(100);
    const exits = own
      .flatMap((state) => (state as CustomerState).outbox)
      .flatMap((item) => (item.kind === 'journey' && item.record.change === 'exited' ? [item.record.outcome] : []));
    for (const outcome of ['account_closed', 'stopped', 'paused']) expect(exits).toContain(outcome);
  });
});
