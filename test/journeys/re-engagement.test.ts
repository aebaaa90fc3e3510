import { describe, expect, it } from 'vitest';
import { reEngagementJourney } from '../../journeys/re-engagement.ts';
import { days, hours, startJourney } from '../support/virtual-time.ts';

const view = { productId: 'sku-1' };

describe('re-engagement journey', () => {
  it('sends a win-back after 30 days without activity', () => {
    const journey = startJourney(reEngagementJourney);
    journey.send('product.viewed', view);
    journey.advanceBy(days(30) - hours(1));
    expect(journey.journey('re-engagement')).toBeUndefined();
    journey.advanceBy(hours(1));
    expect(journey.sentTemplates).toEqual(['win-back']);
    expect(journey.dispatched.find((item) => item.kind === 'delivery')).toMatchObject({
      message: { variables: { daysInactive: 30 } },
    });
  });

  it('restarts the 30 days on every activity', () => {
    const journey = startJourney(reEngagementJourney);
    journey.send('product.viewed', view);
    journey.advanceBy(days(20));
    journey.send('product.viewed', view);
    journey.advanceBy(days(20));
    expect(journey.sentTemplates).toEqual([]);
    journey.advanceBy(days(10));
    expect(journey.sentTemplates).toEqual(['win-back']);
  });

  it('exits as reactivated on any activity after the win-back', () => {
    const journey = startJourney(reEngagementJourney);
    journey.send('product.viewed', view);
    journey.advanceBy(days(31));
    journey.send('cart.item_added', { cartId: 'c', productId: 'sku-1', quantity: 1, itemCount: 1 });
    expect(journey.journey('re-engagement')).toMatchObject({ status: 'exited', outcome: 'reactivated' });
  });

  it('sends at most one win-back per 30 days and exits as dormant', () => {
    const journey = startJourney(reEngagementJourney);
    journey.send('product.viewed', view);
    journey.advanceBy(days(120));
    expect(journey.sentTemplates).toEqual(['win-back']);
    expect(journey.journey('re-engagement')).toMatchObject({ status: 'exited', outcome: 'dormant' });
  });
});
