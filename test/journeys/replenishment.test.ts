import { describe, expect, it } from 'vitest';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import {
  rememberOrder,
  reminderLeadDays,
  replenishmentJourney,
  repurchaseInterval,
} from '../../journeys/replenishment.ts';
import { days, hours, startJourney } from '../support/virtual-time.ts';

type Harness = ReturnType<typeof startJourney>;
let orderNumber = 0;
function order(journey: Harness, total = 42) {
  orderNumber += 1;
  journey.send('order.placed', {
    orderId: `order-${orderNumber}`,
    total,
    currency: 'GBP',
    items: [{ productId: 'filters', quantity: 1, price: total }],
  });
}
/** Orders every `gapDays`, `count` orders, ending on the last one. */
function ordersEvery(journey: Harness, gapDays: number, count: number) {
  for (let index = 0; index < count; index += 1) {
    if (index > 0) journey.advanceBy(days(gapDays));
    order(journey);
  }
}
const reminders = (journey: Harness) => journey.sentTemplates.filter((name) => name === 'replenishment-reminder');
const deliveries = (journey: Harness): DeliveryRequest[] =>
  journey.dispatched.flatMap((item) => (item.kind === 'delivery' ? [item.message] : []));

describe('repurchase rhythm', () => {
  it('records a gap only for an order on a later day, and keeps the last four', () => {
    let memory = rememberOrder(undefined, '2026-01-01T09:00:00Z');
    memory = rememberOrder(memory, '2026-01-01T18:00:00Z');
    expect(memory).toEqual({ lastOrderDay: 20454, gaps: [] });
    for (const date of ['2026-01-31', '2026-03-02', '2026-04-01', '2026-05-01', '2026-06-01']) {
      memory = rememberOrder(memory, `${date}T09:00:00Z`);
    }
    expect(memory.gaps).toEqual([30, 30, 30, 31]);
  });

  it('trusts the median of regular gaps from two gaps on, and nothing irregular, too short or too long', () => {
    expect(repurchaseInterval([91])).toBeNull();
    expect(repurchaseInterval([85, 95])).toBe(90);
    expect(repurchaseInterval([60, 92, 90, 88])).toBe(89);
    expect(repurchaseInterval([20, 90])).toBeNull();
    expect(repurchaseInterval([7, 7, 7])).toBeNull();
    expect(repurchaseInterval([200, 210])).toBeNull();
  });

  it('reminds a tenth of the interval early, at least 2 and at most 7 days', () => {
    expect([14, 30, 45, 90, 180].map(reminderLeadDays)).toEqual([2, 3, 5, 7, 7]);
  });
});

describe('replenishment journey', () => {
  it('reminds a customer who orders every 3 months 7 days before the next expected order', () => {
    const journey = startJourney(replenishmentJourney);
    ordersEvery(journey, 91, 3);
    expect(journey.journey('replenishment')).toMatchObject({ status: 'active', snapshot: { value: 'waiting' } });
    journey.advanceBy(days(84) - hours(1));
    expect(reminders(journey)).toEqual([]);
    journey.advanceBy(hours(1));
    expect(reminders(journey)).toEqual(['replenishment-reminder']);
    expect(deliveries(journey).at(-1)).toMatchObject({
      category: 'promotional',
      profiled: true,
      variables: { intervalDays: 91, everyMonths: 3, everyWeeks: null, orderId: `order-${orderNumber}` },
    });
  });

  it('says nothing until three orders on different days show a rhythm', () => {
    const journey = startJourney(replenishmentJourney);
    order(journey);
    journey.advanceBy(hours(3));
    order(journey);
    journey.advanceBy(days(30));
    order(journey);
    journey.advanceBy(days(60));
    expect(reminders(journey)).toEqual([]);
    expect(journey.journey('replenishment')?.snapshot.value).toBe('learning');
  });

  it('does not remind an irregular buyer', () => {
    const journey = startJourney(replenishmentJourney);
    order(journey);
    journey.advanceBy(days(20));
    order(journey);
    journey.advanceBy(days(90));
    order(journey);
    journey.advanceBy(days(200));
    expect(reminders(journey)).toEqual([]);
  });

  it('counts an order within 14 days of the reminder as its conversion, and starts the next cycle with it', () => {
    const journey = startJourney(replenishmentJourney);
    ordersEvery(journey, 30, 3);
    journey.advanceBy(days(27));
    expect(reminders(journey)).toHaveLength(1);
    const reminder = journey.lastDecision('replenishment-reminder');
    journey.advanceBy(days(4));
    order(journey, 55);
    const conversion = journey.dispatched.find((item) => item.kind === 'conversion');
    expect(conversion).toMatchObject({
      record: { journeyId: 'replenishment', messageId: reminder?.messageId, revenue: 55 },
    });
    expect(conversion?.kind === 'conversion' && conversion.record.rule).toContain('last touch within 14 days');
    expect(journey.journey('replenishment')).toMatchObject({ status: 'active', snapshot: { value: 'waiting' } });
    journey.advanceBy(days(27));
    expect(reminders(journey)).toHaveLength(2);
  });

  it('gives up on the cycle 14 days after the reminder, and learns from the late order', () => {
    const journey = startJourney(replenishmentJourney);
    ordersEvery(journey, 30, 3);
    journey.advanceBy(days(27 + 14));
    expect(journey.journey('replenishment')).toMatchObject({ status: 'exited', outcome: 'lapsed' });
    journey.advanceBy(days(5));
    order(journey);
    expect(journey.dispatched.some((item) => item.kind === 'conversion')).toBe(false);
    expect(journey.journey('replenishment')?.snapshot.context).toMatchObject({ gaps: [30, 30, 46] });
  });

  it('starts over without a reminder when the customer orders before it', () => {
    const journey = startJourney(replenishmentJourney);
    ordersEvery(journey, 30, 3);
    journey.advanceBy(days(20));
    order(journey);
    expect(reminders(journey)).toEqual([]);
    expect(journey.journey('replenishment')).toMatchObject({ status: 'active', snapshot: { value: 'waiting' } });
    expect(journey.journey('replenishment')?.snapshot.context).toMatchObject({ gaps: [30, 30, 20] });
  });

  it('keeps the rhythm as days and gaps only, without the order ids of earlier cycles', () => {
    const journey = startJourney(replenishmentJourney);
    const first = orderNumber + 1;
    ordersEvery(journey, 30, 5);
    const instance = journey.journey('replenishment');
    expect(instance?.snapshot.context).toMatchObject({ gaps: [30, 30, 30, 30], orderId: `order-${orderNumber}` });
    const stored = JSON.stringify(journey.state);
    for (let earlier = first; earlier < orderNumber; earlier += 1) expect(stored).not.toContain(`"order-${earlier}"`);
    expect(stored.length).toBeLessThan(2048);
  });

  it('needs marketing consent: no reminder without it', () => {
    const journey = startJourney(replenishmentJourney);
    journey.consent('email', 'marketing', false);
    ordersEvery(journey, 30, 3);
    journey.advanceBy(days(27));
    expect(journey.lastDecision('replenishment-reminder')).toMatchObject({
      outcome: 'suppressed',
      reasons: ['no_consent'],
    });
  });

  it('needs profiling consent in KR, since the timing comes from the purchase history', () => {
    const korean = { profile: { country: 'KR', timeZone: 'Asia/Seoul' }, start: '2026-11-23T01:00:00Z' };
    const without = startJourney(replenishmentJourney, korean);
    ordersEvery(without, 30, 3);
    without.advanceBy(days(27));
    expect(without.lastDecision('replenishment-reminder')?.reasons).toContain('no_profiling_consent');

    const consenting = startJourney(replenishmentJourney, korean);
    consenting.consent('email', 'profiling', true);
    ordersEvery(consenting, 30, 3);
    consenting.advanceBy(days(27));
    expect(consenting.lastDecision('replenishment-reminder')).toMatchObject({ outcome: 'send' });
  });
});
