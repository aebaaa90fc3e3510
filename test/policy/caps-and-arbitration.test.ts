import { describe, expect, it } from 'vitest';
import { browseJourney } from '../../journeys/browse.ts';
import { cartJourney } from '../../journeys/cart.ts';
import { orderOf } from '../support/sample-events.ts';
import { promoJourney } from '../support/test-journeys.ts';
import { hours, startJourney } from '../support/virtual-time.ts';

describe('frequency caps and priority arbitration', () => {
  it('suppresses a third promotional message within 24 h with frequency_cap', () => {
    const journey = startJourney([
      promoJourney({ id: 'a', trigger: 'product.viewed' }),
      promoJourney({ id: 'b', trigger: 'checkout.started' }),
    ]);
    journey.send('product.viewed', { productId: 'p' });
    journey.advanceBy(hours(2));
    journey.send('checkout.started', { cartId: 'c', cartValue: 10, currency: 'EUR' });
    journey.advanceBy(hours(8));
    journey.send('order.placed', orderOf());
    journey.advanceBy(hours(1));
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.decisions.map((decision) => decision.outcome)).toEqual(['send', 'send', 'suppressed']);
    expect(journey.decisions.at(-1)?.reasons).toEqual(['frequency_cap']);
  });

  it('lets the cart journey win over browse when both want to send at once', () => {
    const journey = startJourney([cartJourney, browseJourney]);
    journey.send('cart.item_added', { cartId: 'c', productId: 'sku-9', quantity: 1, itemCount: 1 });
    journey.advanceBy(hours(21));
    journey.send('product.viewed', { productId: 'sku-2' });
    journey.advanceBy(hours(3));
    const atOnce = journey.decisions.filter((decision) => decision.decidedAt === '2026-11-24T10:00:00.000Z');
    expect(atOnce.map((decision) => [decision.journeyId, decision.outcome, decision.reasons])).toEqual([
      ['cart', 'send', []],
      ['browse', 'suppressed', ['frequency_cap']],
    ]);
  });

  it('defers the losing message of a journey that defers on conflict, with priority_conflict', () => {
    const high = promoJourney({ id: 'high', priority: 50 });
    const low = promoJourney({ id: 'low', priority: 5, onConflict: 'defer' });
    const journey = startJourney([high, low]);
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.decisions.map((decision) => [decision.journeyId, decision.outcome, decision.reasons])).toEqual([
      ['high', 'send', []],
      ['low', 'deferred', ['priority_conflict']],
    ]);
    journey.advanceBy(hours(2));
    expect(journey.lastDecision('low-offer')).toMatchObject({ outcome: 'send' });
  });

  it('drops the losing message of a journey that drops on conflict, with priority_conflict', () => {
    const journey = startJourney([
      promoJourney({ id: 'high', priority: 50 }),
      promoJourney({ id: 'low', priority: 5 }),
    ]);
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('low-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['priority_conflict'] });
  });

  it('applies the per-journey cap with journey_cap', () => {
    const journey = startJourney(browseJourney);
    for (let round = 0; round < 3; round += 1) {
      journey.send('product.viewed', { productId: `p${round}` });
      journey.advanceBy(hours(27));
    }
    expect(journey.decisions.map((decision) => decision.outcome)).toEqual(['send', 'send', 'suppressed']);
    expect(journey.decisions.at(-1)?.reasons).toEqual(['journey_cap']);
  });
});

describe('holdout', () => {
  it('gives holdout customers no promotional message but still their transactional ones', () => {
    const journey = startJourney([promoJourney(), promoJourney({ id: 'receipt', category: 'transactional' })], {
      holdout: true,
    });
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['holdout'] });
    expect(journey.lastDecision('receipt-offer')).toMatchObject({ outcome: 'send' });
  });
});
