import { describe, expect, it } from 'vitest';
import { browseJourney } from '../../journeys/browse.ts';
import { cartAddOf, orderOf } from '../support/sample-events.ts';
import { days, hours, minutes, startJourney } from '../support/virtual-time.ts';

const view = (productId = 'sku-1') => ({ productId, category: 'electronics.audio', price: 129, currency: 'USD' });

describe('browse follow-up journey', () => {
  it('sends one follow-up about the last product viewed three hours after the last view', () => {
    const journey = startJourney(browseJourney);
    journey.send('product.viewed', view('sku-1'));
    journey.advanceBy(hours(1));
    journey.send('product.viewed', view('sku-2'));
    journey.advanceBy(hours(3) - minutes(1));
    expect(journey.sentTemplates).toEqual([]);
    journey.advanceBy(minutes(1));
    expect(journey.sentTemplates).toEqual(['browse-follow-up']);
    expect(journey.lastDecision('browse-follow-up')).not.toHaveProperty('variables');
    expect(journey.dispatched.find((item) => item.kind === 'delivery')).toMatchObject({
      message: { variables: { productId: 'sku-2', category: 'electronics.audio', price: 129, currency: 'USD' } },
    });
    expect(journey.journey('browse')).toMatchObject({ status: 'exited', outcome: 'completed' });
  });

  it('stops without a message when the customer adds to cart', () => {
    const journey = startJourney(browseJourney);
    journey.send('product.viewed', view());
    journey.advanceBy(hours(1));
    journey.send('cart.item_added', cartAddOf());
    journey.advanceBy(days(1));
    expect(journey.sentTemplates).toEqual([]);
    expect(journey.journey('browse')).toMatchObject({ status: 'exited', outcome: 'carted' });
  });

  it('stops without a message when the customer orders', () => {
    const journey = startJourney(browseJourney);
    journey.send('product.viewed', view());
    journey.send('order.placed', orderOf('sku-1', 129, 'USD'));
    journey.advanceBy(days(1));
    expect(journey.journey('browse')).toMatchObject({ status: 'exited', outcome: 'ordered' });
  });

  it('is not entered again within a day of the previous exit', () => {
    const journey = startJourney(browseJourney);
    journey.send('product.viewed', view());
    journey.advanceBy(hours(3));
    journey.send('product.viewed', view());
    expect(journey.journey('browse')).toMatchObject({ status: 'exited', entries: 1 });
    journey.advanceBy(days(1));
    journey.send('product.viewed', view());
    expect(journey.journey('browse')).toMatchObject({ status: 'active', entries: 2 });
  });
});
