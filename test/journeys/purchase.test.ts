import { describe, expect, it } from 'vitest';
import { defineJourney } from '../../core/journey-runtime/definition.ts';
import { purchaseJourney } from '../../journeys/purchase.ts';
import { reEngagementJourney } from '../../journeys/re-engagement.ts';
import { days, hours, startJourney } from '../support/virtual-time.ts';

const order = (orderId = 'order-1') => ({
  orderId,
  total: 80,
  currency: 'KRW',
  items: [
    { productId: 'sku-1', quantity: 2, price: 30 },
    { productId: 'sku-2', quantity: 1, price: 20 },
  ],
});

describe('post-purchase journey', () => {
  it('confirms the order at once, asks for a review after 7 days and cross-sells after 14', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', order());
    expect(journey.sentTemplates).toEqual(['order-confirmation']);
    expect(journey.dispatched.find((item) => item.kind === 'delivery')).toMatchObject({
      message: { category: 'transactional', variables: { orderId: 'order-1', itemCount: 3, total: 80 } },
    });
    journey.advanceBy(days(7));
    expect(journey.sentTemplates).toEqual(['order-confirmation', 'review-request']);
    journey.advanceBy(days(7));
    expect(journey.sentTemplates).toEqual(['order-confirmation', 'review-request', 'cross-sell']);
    expect(journey.journey('purchase')).toMatchObject({ status: 'exited', outcome: 'completed' });
  });

  it('writes to a KR customer in Korean when the profile names no locale', () => {
    const journey = startJourney(purchaseJourney, { profile: { country: 'KR', timeZone: 'Asia/Seoul' } });
    journey.send('order.placed', order());
    expect(journey.dispatched.find((item) => item.kind === 'delivery')).toMatchObject({ message: { locale: 'ko' } });
  });

  it('sends the transactional order confirmation without marketing consent', () => {
    const journey = startJourney(purchaseJourney, {
      customer: 'anonymous',
      profile: { contact: { email: 'b@example.com' } },
    });
    journey.send('order.placed', order());
    expect(journey.lastDecision('order-confirmation')).toMatchObject({ outcome: 'send', reasons: [] });
    journey.advanceBy(days(7));
    expect(journey.lastDecision('review-request')).toMatchObject({ outcome: 'suppressed', reasons: ['no_consent'] });
  });

  it('confirms a second order placed during the sequence and restarts it', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', order('order-1'));
    journey.advanceBy(days(3));
    journey.send('order.placed', order('order-2'));
    expect(journey.sentTemplates).toEqual(['order-confirmation', 'order-confirmation']);
    const ids = journey.sentMessages.map((message) => message.messageId);
    expect(new Set(ids).size).toBe(2);
    journey.advanceBy(days(7) - hours(1));
    expect(journey.sentTemplates).toHaveLength(2);
    journey.advanceBy(hours(1));
    expect(journey.sentTemplates.at(-1)).toBe('review-request');
  });

  it('ends as superseded when the customer enters re-engagement before the sequence ends', () => {
    const slowCrossSell = defineJourney({
      ...purchaseJourney,
      machine: purchaseJourney.machine.provide({ delays: { crossSellDelay: days(40) } }),
    });
    const journey = startJourney([slowCrossSell, reEngagementJourney]);
    journey.send('order.placed', order());
    journey.advanceBy(days(29));
    expect(journey.journey('purchase')?.status).toBe('active');
    journey.advanceBy(days(1));
    expect(journey.journey('re-engagement')?.status).toBe('active');
    expect(journey.journey('purchase')).toMatchObject({ status: 'exited', outcome: 'superseded' });
  });
});
