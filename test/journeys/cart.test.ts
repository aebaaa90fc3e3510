import { describe, expect, it } from 'vitest';
import { cartJourney } from '../../journeys/cart.ts';
import { days, hours, minutes, startJourney } from '../support/virtual-time.ts';

const addItem = (itemCount = 1) => ({
  cartId: 'cart-1',
  productId: 'sku-1',
  quantity: 1,
  itemCount,
  cartValue: 59.9,
  currency: 'EUR',
});
const order = {
  orderId: 'order-1',
  total: 59.9,
  currency: 'EUR',
  items: [{ productId: 'sku-1', quantity: 1, price: 59.9 }],
};

describe('cart abandonment journey', () => {
  it('sends a reminder one hour after the last cart activity', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem());
    journey.advanceBy(minutes(59));
    expect(journey.sentTemplates).toEqual([]);
    journey.advanceBy(minutes(1));
    expect(journey.sentTemplates).toEqual(['cart-reminder']);
    expect(journey.lastDecision('cart-reminder')).toMatchObject({
      journeyId: 'cart',
      statePath: 'reminded',
      trigger: { type: 'timer' },
      category: 'promotional',
      channel: 'email',
    });
  });

  it('sends a last chance 24 hours after the last activity, with or without a coupon by A/B split', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem());
    journey.advanceBy(hours(24));
    expect(journey.sentTemplates).toHaveLength(2);
    const lastChance = journey.sentMessages[1];
    expect(['cart-last-chance', 'cart-last-chance-coupon']).toContain(lastChance?.template);
    expect(lastChance?.split).toMatchObject({ name: 'last-chance-coupon' });
    const bucket = journey.journey('cart')?.snapshot.context.bucket as number;
    expect(lastChance?.split?.variant).toBe(bucket < 50 ? 'with_coupon' : 'without_coupon');
  });

  it('does not send the reminder when the order arrives within the hour, and exits as converted', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem());
    journey.advanceBy(minutes(40));
    journey.send('order.placed', order);
    journey.advanceBy(days(3));
    expect(journey.sentTemplates).toEqual([]);
    expect(journey.journey('cart')).toMatchObject({ status: 'exited', outcome: 'converted' });
    expect(journey.pendingTimers.filter((timer) => timer.kind === 'journey')).toEqual([]);
  });

  it('restarts the quiet period when another item is added', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem(1));
    journey.advanceBy(minutes(50));
    journey.send('cart.item_added', addItem(2));
    journey.advanceBy(minutes(50));
    expect(journey.sentTemplates).toEqual([]);
    journey.advanceBy(minutes(10));
    expect(journey.sentTemplates).toEqual(['cart-reminder']);
    expect(journey.lastDecision('cart-reminder')).toBeDefined();
  });

  it('exits as emptied when the last item is removed', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem(1));
    journey.send('cart.item_removed', addItem(0));
    journey.advanceBy(days(2));
    expect(journey.sentTemplates).toEqual([]);
    expect(journey.journey('cart')).toMatchObject({ status: 'exited', outcome: 'emptied' });
  });

  it('exits as expired seven days after the last chance without an order', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', addItem());
    journey.advanceBy(days(8) + hours(1));
    expect(journey.journey('cart')).toMatchObject({ status: 'exited', outcome: 'expired' });
    expect(journey.events.map((event) => event.detailType)).toContain('journey.exited');
  });
});
