import { describe, expect, it } from 'vitest';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import { recheckBeforeDelivery } from '../../core/policy/engine.ts';
import { toIso, toMs } from '../../core/time.ts';
import { cartJourney } from '../../journeys/cart.ts';
import { journeyDefinitions, policy } from '../../journeys/index.ts';
import { purchaseJourney } from '../../journeys/purchase.ts';
import { cartAddOf, orderOf } from '../support/sample-events.ts';
import { days, minutes, startJourney } from '../support/virtual-time.ts';

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

  it('keeps the fields of a late profile update that no newer update has set (a newer time zone keeps the contact)', () => {
    const journey = startJourney(purchaseJourney, { customer: 'anonymous', start: '2026-11-23T09:00:00Z' });
    journey.advanceTo('2026-11-23T10:01:00Z');
    journey.send('customer.profile_updated', { timeZone: 'Asia/Seoul', occurredAt: '2026-11-23T10:00:00Z' });
    journey.send('customer.profile_updated', {
      contact: { email: 'a@example.com' },
      timeZone: 'Europe/Berlin',
      country: 'KR',
      occurredAt: '2026-11-23T09:59:00Z',
    });
    expect(journey.state).toMatchObject({ has: { email: true }, tz: 'Asia/Seoul', country: 'KR' });
    expect(journey.state.profileAt).toBe('2026-11-23T10:00:00.000Z');
    journey.send('order.placed', orderOf());
    expect(journey.lastDecision('order-confirmation')).toMatchObject({ outcome: 'send' });
  });

  it('lets a late profile update change nothing a newer update has set, on items written before per-field times', () => {
    const journey = startJourney(purchaseJourney, { profile: { timeZone: 'Asia/Seoul' } });
    delete journey.state.profileFieldsAt;
    journey.send('customer.profile_updated', { timeZone: 'Europe/Berlin', occurredAt: '2026-11-23T09:00:00Z' });
    expect(journey.state.tz).toBe('Asia/Seoul');
  });

  it('does not remind of a cart added at the same instant as an order that arrived before it', () => {
    const journey = startJourney(cartJourney);
    const instant = '2026-11-23T09:59:00Z';
    journey.send('order.placed', { ...orderOf(), occurredAt: instant });
    journey.send('cart.item_added', { ...cartAddOf(), occurredAt: instant });
    journey.advanceBy(days(2));
    expect(journey.journey('cart')).toBeUndefined();
    expect(journey.sentTemplates).toEqual([]);
  });

  it('drops an event dated before a scheduled erasure that fell due before the event was handled', () => {
    const journey = startJourney(journeyDefinitions);
    journey.send('customer.account_closed', {});
    journey.now += days(90) + minutes(1); // the erasure is due; the sweeper has not come by yet
    const outcome = journey.send('order.placed', { ...orderOf(), occurredAt: toIso(journey.now - minutes(2)) });
    expect(outcome).toBe('older_than_erasure');
    expect(journey.state).toMatchObject({ journeys: {}, rfm: { orders: 0 }, has: {} });
    expect(journey.state.erasedAt).toBe(toIso(journey.now));
  });

  it('withholds at delivery a message decided before an erasure dated earlier, after the customer came back', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', orderOf());
    const decided = journey.dispatched.find((item) => item.kind === 'delivery');
    journey.advanceBy(minutes(1));
    journey.send('privacy.erasure_requested', { requestId: 'r-1', occurredAt: toIso(journey.now - minutes(2)) });
    journey.advanceBy(minutes(1));
    journey.send('customer.profile_updated', { contact: { email: 'b@example.com' } });
    const message = (decided as { message: DeliveryRequest }).message;
    expect(toMs(journey.state.erasedAt ?? '')).toBeLessThan(toMs(message.decidedAt));
    expect(recheckBeforeDelivery(journey.state, message, journey.now, policy)).toEqual(['erased']);
  });

  it('gives messages new ids after an erasure even when the new entry begins in the millisecond of the erased one', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', orderOf('p', 1, 'EUR', 'o-1'));
    journey.send('privacy.erasure_requested', { requestId: 'r-1' });
    journey.send('customer.profile_updated', {
      contact: { email: 'b@example.com' },
      occurredAt: toIso(journey.now + 1),
    });
    journey.send('order.placed', { ...orderOf('p', 1, 'EUR', 'o-2'), occurredAt: toIso(journey.now + 2) });
    const confirmations = journey.decisions.filter((decision) => decision.template === 'order-confirmation');
    expect(confirmations).toHaveLength(2);
    expect(new Set(confirmations.map((decision) => decision.messageId)).size).toBe(2);
    expect(confirmations.every((decision) => decision.outcome === 'send')).toBe(true);
  });
});
