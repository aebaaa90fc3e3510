import { describe, expect, it } from 'vitest';
import type { ConversionRecord } from '../../core/customer/outbox.ts';
import { cartJourney } from '../../journeys/cart.ts';
import { cartAddOf, orderOf } from '../support/sample-events.ts';
import { days, hours, type JourneyHarness, startJourney } from '../support/virtual-time.ts';

const conversions = (journey: JourneyHarness): ConversionRecord[] =>
  journey.dispatched.flatMap((item) => (item.kind === 'conversion' ? [item.record] : []));

describe('conversion goals and attribution (DESIGN.md §12)', () => {
  it('records a cart conversion once, attributed to the reminder sent before the order (last touch)', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAddOf());
    journey.advanceBy(hours(2));
    const reminder = journey.lastDecision('cart-reminder');
    expect(reminder).toMatchObject({ outcome: 'send' });
    journey.send('order.placed', orderOf('sku-1', 25, 'EUR'));
    journey.advanceBy(hours(1));
    journey.send('order.placed', orderOf('sku-1', 40, 'EUR', 'o-2'));
    expect(conversions(journey)).toEqual([
      expect.objectContaining({
        journeyId: 'cart',
        entry: 1,
        event: 'order.placed',
        revenue: 25,
        currency: 'EUR',
        messageId: reminder?.messageId,
        rule: 'last touch within 7 days; counted once per entry within 7 days of it',
      }),
    ]);
    expect(journey.dispatched).toContainEqual(
      expect.objectContaining({ kind: 'event', event: expect.objectContaining({ detailType: 'journey.converted' }) }),
    );
  });

  it("records a held-out customer's conversion against the message held back, which would have been sent", () => {
    const journey = startJourney(cartJourney, { holdout: true });
    journey.send('cart.item_added', cartAddOf());
    journey.advanceBy(hours(2));
    const held = journey.lastDecision('cart-reminder');
    expect(held).toMatchObject({ outcome: 'suppressed', reasons: ['holdout'], wouldHaveSent: true });
    journey.send('order.placed', orderOf());
    expect(conversions(journey)).toEqual([expect.objectContaining({ messageId: held?.messageId, heldBack: true })]);
  });

  it('counts an order placed before any message as a conversion with no message to attribute it to', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAddOf());
    journey.advanceBy(hours(0.5));
    journey.send('order.placed', orderOf());
    const [conversion] = conversions(journey);
    expect(conversion).toMatchObject({ journeyId: 'cart' });
    expect(conversion?.messageId).toBeUndefined();
  });

  it('does not count an order more than 7 days after the entry', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAddOf());
    journey.advanceBy(days(10));
    journey.send('order.placed', orderOf());
    expect(conversions(journey).filter((record) => record.journeyId === 'cart')).toEqual([]);
  });

  it('marks the first message sent or held back in an entry as its exposure, once, for the lift metrics', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAddOf());
    journey.advanceBy(hours(30));
    const sent = journey.decisions.filter((decision) => decision.outcome === 'send');
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.map((decision) => decision.firstTouch ?? false)).toEqual(sent.map((_, n) => n === 0));
    const held = startJourney(cartJourney, { holdout: true });
    held.send('cart.item_added', cartAddOf());
    held.advanceBy(hours(2));
    expect(held.lastDecision('cart-reminder')).toMatchObject({ wouldHaveSent: true, firstTouch: true });
  });

  it('records the A/B variant of the message a conversion is attributed to', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAddOf());
    journey.advanceBy(hours(30));
    const last = journey.sentMessages.at(-1);
    expect(last?.split).toBeDefined();
    journey.send('order.placed', orderOf());
    expect(conversions(journey)[0]).toMatchObject({
      messageId: last?.messageId,
      split: { name: 'last-chance-coupon', variant: last?.split?.variant },
    });
  });
});
