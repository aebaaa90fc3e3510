import { describe, expect, it } from 'vitest';
import { LOG_KINDS, type LogEntry } from '../../../core/customer/log.ts';
import { reportModelFromLog } from '../../../core/outcomes/model-from-log.ts';
import { cartJourney } from '../../../journeys/cart.ts';
import { cartAddOf, orderOf } from '../../support/sample-events.ts';
import { hours, type JourneyHarness, startJourney } from '../../support/virtual-time.ts';

const logOf = (journey: JourneyHarness): LogEntry[] =>
  journey.dispatched.filter((item): item is LogEntry => LOG_KINDS.has(item.kind));

const options = { title: 'test', generatedAt: '2026-12-01T00:00:00.000Z', source: 'test log' };

/** One customer carting, reminded (or held back) two hours later, then ordering for `amount`. */
function cartCustomer(holdout: boolean, amount: number, currency = 'EUR'): JourneyHarness {
  const journey = startJourney(cartJourney, { holdout });
  journey.send('cart.item_added', cartAddOf());
  journey.advanceBy(hours(2));
  const reminder = journey.lastDecision('cart-reminder');
  if (reminder?.outcome === 'send') {
    const messageId = reminder.messageId;
    journey.send('message.delivered', { messageId, channel: 'email' });
    journey.send('message.opened', { messageId, channel: 'email', machine: true });
  }
  journey.send('order.placed', orderOf('sku-1', amount, currency));
  return journey;
}

describe('a report read from the customer log (DESIGN.md §12)', () => {
  it('counts entries, sends, deliveries, conversions and the holdout from the log entries a store keeps', () => {
    const treated = cartCustomer(false, 30);
    const held = cartCustomer(true, 20);
    const model = reportModelFromLog([...logOf(treated), ...logOf(held)], options);
    const cart = model.journeys.find((journey) => journey.journeyId === 'cart');
    expect(cart).toMatchObject({ entered: 2, asked: 2, sent: 1, delivered: 1, opened: 0, converted: 2, revenue: 50 });
    expect(cart?.suppressedBy).toEqual({ holdout: 1 });
    expect(cart?.exited).toEqual({ converted: 2 });
    expect(model.experiments.find((experiment) => experiment.kind === 'holdout')).toMatchObject({
      journeyId: 'cart',
      control: { name: 'holdout', trials: 1, successes: 1, revenue: 20 },
      variant: { name: 'treated', trials: 1, successes: 1, revenue: 30 },
    });
    expect(model.attribution).toMatchObject({ attributedOrders: 1, attributedRevenue: 30 });
    expect(model.attribution.orders).toBeUndefined();
    expect(model.dataSet).toMatchObject({ customers: 2, from: '2026-11-23T10:00:00.000Z' });
    expect(model.currency).toBe('EUR');
  });

  it('leaves out the revenue of conversions in another currency than the report, and says how many', () => {
    const model = reportModelFromLog([...logOf(cartCustomer(false, 30)), ...logOf(cartCustomer(true, 9000, 'KRW'))], {
      ...options,
      currency: 'EUR',
    });
    expect(model.journeys[0]).toMatchObject({ converted: 2, revenue: 30 });
    expect(model.dataSet.notes).toContain(
      '1 conversion was recorded in another currency than EUR; their revenue is left out.',
    );
  });

  it('says delivery and engagement counts are empty when no channel reported anything', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAddOf());
    journey.advanceBy(hours(2));
    const model = reportModelFromLog(logOf(journey), options);
    expect(model.dataSet.notes.join(' ')).toContain('No delivery or engagement events arrived');
    expect(model.journeys[0]).toMatchObject({ entered: 1, sent: 1, delivered: 0 });
  });
});
