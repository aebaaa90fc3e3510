import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { defineJourney, type JourneyInput, sendMessage } from '../../core/journey-runtime/definition.ts';
import { days, hours } from '../../core/time.ts';
import { startJourney } from '../support/virtual-time.ts';

type Order = { type: 'order.placed' };

/** Counts the customer's orders across entries: each entry lasts from one order to the next. */
function orderCounter(options: { reenterOnExit?: boolean; touchWindow?: number } = {}) {
  const machine = setup({
    types: {} as { context: { orders: number }; events: Order; input: JourneyInput },
    actions: { sendMessage },
  }).createMachine({
    id: 'counter',
    context: ({ input }) => ({ orders: Number(input.carried?.orders ?? 0) + 1 }),
    initial: 'open',
    states: {
      open: {
        entry: { type: 'sendMessage', params: { message: 'thanks' } },
        on: { 'order.placed': 'closed' },
      },
      closed: { type: 'final' },
    },
  });
  return defineJourney({
    id: 'counter',
    version: 1,
    goal: 'test',
    priority: 1,
    entry: { triggers: ['order.placed'], ...(options.reenterOnExit ? { reenterOnExit: true } : {}) },
    messages: { thanks: { channels: ['email'], template: 'thanks', category: 'transactional' } },
    conversion: {
      event: 'order.placed',
      window: days(30),
      ...(options.touchWindow ? { touchWindow: options.touchWindow } : {}),
    },
    onConflict: 'drop',
    machine,
    carryOver: (context) => ({ orders: Number(context.orders) }),
  });
}

const order = (n: number) => ({
  orderId: `o-${n}`,
  total: 10,
  currency: 'EUR',
  items: [{ productId: 'p', quantity: 1, price: 10 }],
});

describe('memory between entries and re-entry on exit', () => {
  it('hands what an exited entry carries over to the next entry', () => {
    const journey = startJourney(orderCounter());
    journey.send('order.placed', order(1));
    journey.advanceBy(hours(1));
    journey.send('order.placed', order(2));
    expect(journey.journey('counter')).toMatchObject({ status: 'exited', carried: { orders: 1 } });
    journey.advanceBy(hours(1));
    journey.send('order.placed', order(3));
    expect(journey.journey('counter')).toMatchObject({
      status: 'active',
      entries: 2,
      snapshot: { context: { orders: 2 } },
    });
  });

  it('starts the next entry with the event that ended the last one when the journey asks for it', () => {
    const journey = startJourney(orderCounter({ reenterOnExit: true }));
    for (const n of [1, 2, 3]) {
      journey.send('order.placed', order(n));
      journey.advanceBy(hours(1));
    }
    expect(journey.journey('counter')).toMatchObject({
      status: 'active',
      entries: 3,
      snapshot: { context: { orders: 3 } },
    });
    expect(journey.sentTemplates).toEqual(['thanks', 'thanks', 'thanks']);
    const changes = journey.events.filter((event) => /^journey\.(entered|exited)$/.test(event.detailType));
    expect(changes.map((event) => event.detailType)).toEqual([
      'journey.entered',
      'journey.exited',
      'journey.entered',
      'journey.exited',
      'journey.entered',
    ]);
  });

  it('attributes a conversion only to a message within the touch window, still counting it within the window', () => {
    const journey = startJourney(orderCounter({ touchWindow: days(1) }));
    journey.send('order.placed', order(1));
    journey.advanceBy(days(2));
    journey.send('order.placed', order(2));
    const conversion = journey.dispatched.find((item) => item.kind === 'conversion');
    expect(conversion?.kind === 'conversion' && conversion.record).toMatchObject({
      journeyId: 'counter',
      rule: 'last touch within 1 days; counted once per entry within 30 days of it',
    });
    expect(conversion?.kind === 'conversion' && conversion.record.messageId).toBeUndefined();
  });
});
