import { describe, expect, it } from 'vitest';
import { promoJourney } from '../support/test-journeys.ts';
import { days, startJourney } from '../support/virtual-time.ts';

const view = (price: number) => ({ productId: 'sku-1', category: 'shoes', price, currency: 'EUR' });
const order = (total: number) => ({
  orderId: `order-${total}`,
  total,
  currency: 'EUR',
  items: [{ productId: 'sku-1', quantity: 1, price: total }],
});

describe('entry filters', () => {
  const expensiveViews = promoJourney({ id: 'premium', filter: { price: [{ numeric: ['>=', 100] }] } });

  it('does not enter on a trigger whose detail misses the filter, and remembers why', () => {
    const journey = startJourney(expensiveViews);
    const first = journey.events.length;
    journey.send('product.viewed', view(40));
    expect(journey.journey('premium')).toBeUndefined();
    expect(journey.events.slice(first).map((event) => event.detailType)).toEqual([]);
    expect(journey.state.entryRefusals?.premium).toMatchObject({ trigger: 'product.viewed', condition: 'filter' });
  });

  it('enters on a matching trigger and forgets the earlier refusal', () => {
    const journey = startJourney(expensiveViews);
    journey.send('product.viewed', view(40));
    journey.send('product.viewed', view(140));
    expect(journey.journey('premium')?.status).toBe('active');
    expect(journey.sentTemplates).toEqual(['premium-offer']);
    expect(journey.state.entryRefusals).toBeUndefined();
  });

  it('treats a missing field as not matching a numeric filter', () => {
    const journey = startJourney(expensiveViews);
    journey.send('product.viewed', { productId: 'sku-1' });
    expect(journey.journey('premium')).toBeUndefined();
  });
});

describe('segments from customer facts', () => {
  const repeatBuyers = promoJourney({
    id: 'repeat',
    trigger: 'checkout.started',
    segment: { rfm: { orders: [{ numeric: ['>=', 2] }] } },
  });
  const checkout = { cartId: 'cart-1', cartValue: 80, currency: 'EUR' };

  it('enters only customers with at least 2 orders', () => {
    const journey = startJourney(repeatBuyers);
    journey.send('order.placed', order(30));
    journey.send('checkout.started', checkout);
    expect(journey.journey('repeat')).toBeUndefined();
    expect(journey.state.entryRefusals?.repeat).toMatchObject({ condition: 'segment', trigger: 'checkout.started' });
    journey.advanceBy(days(1));
    journey.send('order.placed', order(45));
    journey.send('checkout.started', checkout);
    expect(journey.journey('repeat')?.status).toBe('active');
  });

  it('enters on country and consent facts: a KR customer with email marketing consent, not a DE one', () => {
    const secondOrder = promoJourney({
      id: 'second-order',
      trigger: 'checkout.started',
      segment: { country: ['KR'], consent: { email: ['marketing'] } },
    });
    const korean = startJourney(secondOrder, { profile: { country: 'KR', timeZone: 'Asia/Seoul' } });
    korean.send('checkout.started', checkout);
    expect(korean.journey('second-order')?.status).toBe('active');
    const german = startJourney(secondOrder, { profile: { country: 'DE' } });
    german.send('checkout.started', checkout);
    expect(german.journey('second-order')).toBeUndefined();
  });

  it('reads the facts as they are after the trigger itself was applied (an order counts toward rfm.orders)', () => {
    const firstOrder = promoJourney({ id: 'first-order', trigger: 'order.placed', segment: { rfm: { orders: [1] } } });
    const journey = startJourney(firstOrder);
    journey.send('order.placed', order(30));
    expect(journey.journey('first-order')?.status).toBe('active');
  });
});
