import { describe, expect, it } from 'vitest';
import { purchaseJourney } from '../../journeys/purchase.ts';
import { orderOf } from '../support/sample-events.ts';
import { startJourney } from '../support/virtual-time.ts';

/** Defects the property tests found (test/properties), each as the behaviour that now holds. */
describe('engine behaviour the property tests pinned down', () => {
  it('remembers the earliest order as the first order when an earlier order arrives after a later one', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', { ...orderOf('p', 5, 'EUR', 'o-2'), occurredAt: '2026-11-23T10:00:00Z' });
    journey.send('order.placed', { ...orderOf('p', 5, 'EUR', 'o-1'), occurredAt: '2026-11-23T09:59:00Z' });
    expect(journey.state.rfm).toMatchObject({
      orders: 2,
      firstOrderAt: '2026-11-23T09:59:00.000Z',
      lastOrderAt: '2026-11-23T10:00:00.000Z',
    });
  });
});
