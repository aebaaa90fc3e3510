import { describe, expect, it } from 'vitest';
import { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import { ENGINE_READS, ingestRouter, routeTable, rulePattern } from '../../core/routes.ts';
import { cartJourney } from '../../journeys/cart.ts';
import { registry as houseRegistry } from '../../journeys/index.ts';
import { promoJourney } from '../support/test-journeys.ts';

/** As if the engine did not read checkout.started for itself: the case of a detail-type only journeys consume. */
const onlyJourneysRead = new Set([...ENGINE_READS].filter((type) => type !== 'checkout.started'));
const bigCarts = { cartValue: [{ numeric: ['>=', 100] }] };
const wonCarts = { currency: ['KRW'] };
const filtered = (id: string, filter: Record<string, unknown>) =>
  promoJourney({ id, trigger: 'checkout.started', filter });
const routesOf = (...journeys: ReturnType<typeof promoJourney>[]) =>
  routeTable(new JourneyRegistry(journeys), onlyJourneysRead);

describe('routing narrowed by entry filters', () => {
  it('narrows the rule to the filter when the only journey entered by the detail-type filters it', () => {
    const routes = routesOf(filtered('big', bigCarts));
    expect(routes.narrowed).toEqual({ 'checkout.started': { detail: bigCarts } });
    expect(rulePattern(routes, 'checkout.started')).toEqual({ 'detail-type': ['checkout.started'], detail: bigCarts });
  });

  it('routes what any filtering journey wants when several do ($or of their filters)', () => {
    const routes = routesOf(filtered('big', bigCarts), filtered('won', wonCarts), filtered('won-too', wonCarts));
    expect(routes.narrowed['checkout.started']).toEqual({ detail: { $or: [bigCarts, wonCarts] } });
  });

  it('keeps the whole detail-type when one journey enters on it without a filter', () => {
    const routes = routesOf(filtered('big', bigCarts), promoJourney({ id: 'all', trigger: 'checkout.started' }));
    expect(routes.narrowed).toEqual({});
  });

  it('keeps the whole detail-type when a running journey reacts to it, whatever the entry filters', () => {
    // The cart journey restarts its wait on every checkout.started of a customer already in it.
    const routes = routeTable(new JourneyRegistry([filtered('big', bigCarts), cartJourney]), onlyJourneysRead);
    expect(routes.narrowed['checkout.started']).toBeUndefined();
  });

  it('keeps the whole detail-type while an older version without the filter is still registered', () => {
    const v1 = promoJourney({ id: 'big', trigger: 'checkout.started' });
    const v2 = { ...filtered('big', bigCarts), version: 2 };
    expect(routeTable(new JourneyRegistry([v1, v2]), onlyJourneysRead).narrowed).toEqual({});
  });

  it('never narrows what the engine reads itself: activity keeps the customer facts segments rely on', () => {
    const routes = routeTable(new JourneyRegistry([filtered('big', bigCarts)]));
    expect(routes.ingest).toContain('checkout.started');
    expect(routes.narrowed).toEqual({});
    expect(routeTable(houseRegistry).narrowed).toEqual({});
    for (const type of ['order.placed', 'product.viewed', 'cart.item_added', 'consent.changed', 'message.bounced']) {
      expect(ENGINE_READS.has(type)).toBe(true);
    }
  });

  it('lets the local bus route exactly what the rule would', () => {
    const reachesIngest = ingestRouter(routesOf(filtered('big', bigCarts)));
    const checkout = (cartValue: number) => ({
      source: 'shop.web',
      'detail-type': 'checkout.started',
      detail: { cartId: 'c-1', cartValue, currency: 'EUR' },
    });
    expect(reachesIngest(checkout(150))).toBe(true);
    expect(reachesIngest(checkout(20))).toBe(false);
    expect(reachesIngest({ 'detail-type': 'order.placed', detail: { total: 1 } })).toBe(true);
    expect(reachesIngest({ 'detail-type': 'shop.opened', detail: {} })).toBe(false);
  });
});
