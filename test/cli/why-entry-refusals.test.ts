import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../../cli/why/format.ts';
import { days } from '../../core/time.ts';
import { checkoutCouponJourney } from '../support/checkout-coupon-journey.ts';
import { startJourney } from '../support/virtual-time.ts';

const checkout = (cartValue: number) => ({ cartId: 'cart-1', cartValue, currency: 'KRW' });

function explain(journey: ReturnType<typeof startJourney>, json = false) {
  const now = journey.now;
  const options = { now, since: now - days(7), knownJourneys: ['checkout-coupon'], json };
  return formatExplanation(journey.state, journey.decisions, [], options);
}

describe('why: journeys that turned the customer away', () => {
  it('names the journey, the trigger, when, and whether the entry filter or the segment refused it', () => {
    const journey = startJourney(checkoutCouponJourney, { start: '2026-10-06T01:00:00Z', profile: { country: 'KR' } });
    journey.send('checkout.started', checkout(10_000));
    expect(explain(journey)).toContain(
      "not entered: checkout-coupon on checkout.started at 2026-10-06 01:00:00: the trigger's detail missed entry.filter",
    );

    const abroad = startJourney(checkoutCouponJourney, { start: '2026-10-06T01:00:00Z', profile: { country: 'DE' } });
    abroad.send('checkout.started', checkout(90_000));
    expect(explain(abroad)).toContain('checkout-coupon on checkout.started at 2026-10-06 01:00:00: the customer facts');
    expect(JSON.parse(explain(abroad, true)).entryRefusals).toEqual([
      expect.objectContaining({ journeyId: 'checkout-coupon', condition: 'segment', trigger: 'checkout.started' }),
    ]);
  });

  it('forgets the refusal once a later trigger enters the journey', () => {
    const journey = startJourney(checkoutCouponJourney, { start: '2026-10-06T01:00:00Z', profile: { country: 'KR' } });
    journey.send('checkout.started', checkout(10_000));
    journey.advanceTo('2026-10-06T01:05:00Z');
    journey.send('checkout.started', checkout(90_000));
    expect(explain(journey)).not.toContain('not entered');
    expect(JSON.parse(explain(journey, true)).entryRefusals).toEqual([]);
  });
});
