import { describe, expect, it } from 'vitest';
import { checkoutCouponJourney } from '../support/checkout-coupon-journey.ts';
import { startJourney } from '../support/virtual-time.ts';

const seoul = { timeZone: 'Asia/Seoul', country: 'KR' };
const order = (orderId: string, total: number) => ({
  orderId,
  total,
  currency: 'KRW',
  items: [{ productId: 'sku-1', quantity: 1, price: total }],
});
const checkout = (cartValue: number, currency = 'KRW') => ({ cartId: 'cart-1', cartValue, currency });

/** A customer in Seoul on Sunday 2026-09-20 who has ordered for `totals` (KRW) by Monday. */
function customerWhoSpent(totals: number[], profile: { timeZone: string; country: string } = seoul) {
  const journey = startJourney(checkoutCouponJourney, { start: '2026-09-20T01:00:00Z', profile });
  totals.forEach((total, index) => {
    journey.send('order.placed', order(`order-${index}`, total));
  });
  return journey;
}

describe('a journey with an entry filter, a segment split, open hours and closed days (checkout-coupon)', () => {
  it('gives a VIP by revenue the coupon, held over 추석 and the Sunday to Monday 10:00 KST', () => {
    const journey = customerWhoSpent([300_000, 250_000]);
    journey.advanceTo('2026-09-23T10:30:00Z'); // Wednesday 19:30 KST, the eve of 추석
    journey.send('checkout.started', checkout(120_000));
    expect(journey.journey('checkout-coupon')?.status).toBe('active');

    journey.advanceTo('2026-09-23T11:30:00Z'); // 20:30 KST: the split runs, after the shop's 20:00 closing
    expect(journey.lastDecision('checkout-vip-coupon')).toMatchObject({
      outcome: 'deferred',
      reasons: ['closed_day', 'outside_open_hours'],
      deferredUntil: '2026-09-28T01:00:00.000Z',
    });
    expect(journey.sentTemplates).toEqual([]);

    journey.advanceTo('2026-09-28T00:59:00Z');
    expect(journey.sentTemplates).toEqual([]);
    journey.advanceTo('2026-09-28T01:00:00Z');
    expect(journey.sentTemplates).toEqual(['checkout-vip-coupon']);
    expect(journey.lastDecision('checkout-vip-coupon')?.decidedAt).toBe('2026-09-28T01:00:00.000Z');
  });

  it('gives a customer below the VIP revenue the reminder instead, at the same next open slot', () => {
    const journey = customerWhoSpent([30_000]);
    journey.advanceTo('2026-09-23T10:30:00Z');
    journey.send('checkout.started', checkout(80_000));
    journey.advanceTo('2026-09-28T01:00:00Z');
    expect(journey.sentTemplates).toEqual(['checkout-reminder']);
    expect(journey.decisions.filter((decision) => decision.template === 'checkout-vip-coupon')).toEqual([]);
  });

  it("waits out the journey's own closed day (stock-take on Wednesday 30 September) to Thursday 10:00 KST", () => {
    const journey = customerWhoSpent([600_000]);
    journey.advanceTo('2026-09-29T10:30:00Z'); // Tuesday 19:30 KST
    journey.send('checkout.started', checkout(90_000));
    journey.advanceTo('2026-09-29T11:30:00Z');
    expect(journey.lastDecision('checkout-vip-coupon')).toMatchObject({
      outcome: 'deferred',
      reasons: ['closed_day', 'outside_open_hours'],
      deferredUntil: '2026-10-01T01:00:00.000Z',
    });
    journey.advanceTo('2026-10-01T01:00:00Z');
    expect(journey.sentTemplates).toEqual(['checkout-vip-coupon']);
  });

  it('sends at once inside open hours on an ordinary weekday', () => {
    const journey = customerWhoSpent([600_000]);
    journey.advanceTo('2026-10-06T01:00:00Z'); // Tuesday 10:00 KST
    journey.send('checkout.started', checkout(90_000));
    journey.advanceTo('2026-10-06T02:00:00Z');
    expect(journey.sentTemplates).toEqual(['checkout-vip-coupon']);
    expect(journey.lastDecision('checkout-vip-coupon')?.decidedAt).toBe('2026-10-06T02:00:00.000Z');
  });

  it('does not enter on a checkout the entry filter excludes (too small, or not in won), and says why', () => {
    const journey = customerWhoSpent([600_000]);
    journey.advanceTo('2026-10-06T01:00:00Z');
    journey.send('checkout.started', checkout(49_999));
    expect(journey.state.entryRefusals?.['checkout-coupon']).toMatchObject({ condition: 'filter' });
    journey.send('checkout.started', checkout(120, 'USD'));
    expect(journey.journey('checkout-coupon')).toBeUndefined();
    journey.advanceBy(24 * 3_600_000);
    expect(journey.decisions).toEqual([]);
  });

  it('does not enter a customer outside the entry segment (country KR), however big the checkout', () => {
    const journey = customerWhoSpent([600_000], { timeZone: 'Europe/Berlin', country: 'DE' });
    journey.advanceTo('2026-10-06T08:00:00Z');
    journey.send('checkout.started', checkout(500_000));
    expect(journey.journey('checkout-coupon')).toBeUndefined();
    expect(journey.state.entryRefusals?.['checkout-coupon']).toMatchObject({ condition: 'segment' });
  });

  it('ends as converted when the customer orders before the message goes out', () => {
    const journey = customerWhoSpent([600_000]);
    journey.advanceTo('2026-09-23T10:30:00Z');
    journey.send('checkout.started', checkout(120_000));
    journey.advanceTo('2026-09-25T03:00:00Z'); // during 추석, while the coupon waits
    journey.send('order.placed', order('order-after', 120_000));
    journey.advanceTo('2026-09-28T02:00:00Z');
    expect(journey.sentTemplates).toEqual([]);
    expect(journey.journey('checkout-coupon')?.status).toBe('exited');
  });
});
