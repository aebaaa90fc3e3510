import { describe, expect, it } from 'vitest';
import { cartJourney } from '../../journeys/cart.ts';
import { purchaseJourney } from '../../journeys/purchase.ts';
import { promoJourney } from '../support/test-journeys.ts';
import { days, hours, minutes, startJourney } from '../support/virtual-time.ts';

const addItem = { cartId: 'cart-1', productId: 'sku-1', quantity: 1, itemCount: 1, cartValue: 59.9, currency: 'EUR' };
const order = (orderId: string) => ({
  orderId,
  total: 59.9,
  currency: 'EUR',
  items: [{ productId: 'sku-1', quantity: 1, price: 59.9 }],
});

describe('a paused journey', () => {
  it('admits nobody while paused and admits again once resumed', () => {
    const journey = startJourney(cartJourney);
    journey.pause('cart');
    journey.send('cart.item_added', addItem);
    expect(journey.journey('cart')).toBeUndefined();
    journey.resume('cart');
    journey.send('cart.item_added', addItem);
    expect(journey.journey('cart')).toMatchObject({ status: 'active', entries: 1 });
  });

  it('holds the waits of customers already in it and lets them go on within 15 minutes of the resume', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem);
    journey.advanceBy(minutes(30));
    journey.pause('cart');
    journey.advanceBy(hours(3));
    expect(journey.sentTemplates).toEqual([]);
    expect(journey.journey('cart')).toMatchObject({ status: 'active', snapshot: { value: 'cartIdle' } });
    journey.resume('cart');
    journey.advanceBy(minutes(14));
    expect(journey.sentTemplates).toEqual([]);
    journey.advanceBy(minutes(1));
    expect(journey.sentTemplates).toEqual(['cart-reminder']);
    expect(journey.lastDecision('cart-reminder')).toMatchObject({ outcome: 'send', lifecycle: 'active' });
  });

  it('still lets events move its customers: an order during the pause ends the cart journey, no reminder follows', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem);
    journey.pause('cart');
    journey.advanceBy(hours(2));
    journey.send('order.placed', order('order-1'));
    expect(journey.journey('cart')).toMatchObject({ status: 'exited', outcome: 'converted' });
    journey.resume('cart');
    journey.advanceBy(days(2));
    expect(journey.sentTemplates).toEqual([]);
  });

  it('holds a message that falls due during the pause, recording the state it saw, and sends it after the resume', () => {
    const journey = startJourney(cartJourney);
    journey.advanceTo('2026-11-23T20:30:00Z');
    journey.send('cart.item_added', addItem);
    journey.advanceTo('2026-11-23T22:00:00Z');
    expect(journey.lastDecision('cart-reminder')).toMatchObject({ outcome: 'deferred', reasons: ['quiet_hours'] });
    journey.pause('cart');
    journey.advanceTo('2026-11-24T08:00:00Z');
    expect(journey.lastDecision('cart-reminder')).toMatchObject({
      outcome: 'deferred',
      reasons: ['journey_paused'],
      deferredUntil: '2026-11-24T08:15:00.000Z',
      lifecycle: 'paused',
    });
    journey.advanceTo('2026-11-24T09:05:00Z');
    journey.resume('cart');
    journey.advanceTo('2026-11-24T09:15:00Z');
    expect(journey.sentTemplates).toEqual(['cart-reminder']);
    expect(journey.lastDecision('cart-reminder')).toMatchObject({ outcome: 'send', lifecycle: 'active' });
  });

  it('holds transactional messages too: a paused journey sends nothing', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', order('order-1'));
    journey.pause('purchase');
    journey.send('order.placed', order('order-2'));
    expect(journey.sentTemplates).toEqual(['order-confirmation']);
    expect(journey.decisions.at(-1)).toMatchObject({
      template: 'order-confirmation',
      category: 'transactional',
      outcome: 'deferred',
      reasons: ['journey_paused'],
    });
    journey.resume('purchase');
    journey.advanceBy(minutes(15));
    expect(journey.sentTemplates).toEqual(['order-confirmation', 'order-confirmation']);
  });

  it('ends the instances of its customers at their next event or timer when it is configured to (outcome paused)', () => {
    const journey = startJourney({ ...cartJourney, whilePaused: 'exit' as const });
    journey.send('cart.item_added', addItem);
    journey.pause('cart');
    expect(journey.journey('cart')).toMatchObject({ status: 'active' });
    journey.advanceBy(hours(1));
    expect(journey.journey('cart')).toMatchObject({ status: 'exited', outcome: 'paused' });
    expect(journey.sentTemplates).toEqual([]);
    expect(journey.events.at(-1)).toMatchObject({ detailType: 'journey.exited', detail: { outcome: 'paused' } });
  });

  it('lets the operator choose exit for one pause of a journey that waits by default', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem);
    journey.pause('cart', 'exit');
    journey.send('cart.item_added', addItem);
    expect(journey.journey('cart')).toMatchObject({ status: 'exited', outcome: 'paused' });
  });
});

describe('a stopped journey', () => {
  it('ends every instance at the next event or timer, suppresses its deferred messages and admits nobody', () => {
    const journey = startJourney(promoJourney({ id: 'promo' }));
    journey.advanceTo('2026-11-23T22:00:00Z');
    journey.send('product.viewed', { productId: 'sku-1' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'deferred', reasons: ['quiet_hours'] });
    journey.stop('promo');
    journey.advanceTo('2026-11-24T08:00:00Z');
    expect(journey.journey('promo')).toMatchObject({ status: 'exited', outcome: 'stopped' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'suppressed',
      reasons: ['exited'],
      lifecycle: 'stopped',
    });
    journey.send('product.viewed', { productId: 'sku-2' });
    expect(journey.journey('promo')).toMatchObject({ status: 'exited', entries: 1 });
    expect(journey.sentTemplates).toEqual([]);
  });

  it('records the lifecycle state on every decision, active when no operator configured one', () => {
    const journey = startJourney(promoJourney());
    journey.send('product.viewed', { productId: 'sku-1' });
    expect(journey.decisions.map((decision) => decision.lifecycle)).toEqual(['active']);
  });
});
