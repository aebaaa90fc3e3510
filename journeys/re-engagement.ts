import { setup } from 'xstate';
import type { CustomerInactiveEvent, JourneyEventOf } from '../core/events/journey-events.ts';
import { defineJourney, type JourneyInput, journeyMessages } from '../core/journey-runtime/definition.ts';
import { days } from '../core/time.ts';
import { PRIORITY } from './policy.ts';

type Activity = JourneyEventOf<'product.viewed' | 'cart.item_added' | 'checkout.started' | 'order.placed'>;

const { messages, sendMessage } = journeyMessages({
  winBack: {
    channels: { byCountry: { KR: ['sms', 'email'] }, others: ['email'] },
    template: 'win-back',
    category: 'promotional',
    variables: ['daysInactive'],
  },
});

const machine = setup({
  types: {} as {
    context: { daysInactive: number };
    events: Activity;
    input: JourneyInput<CustomerInactiveEvent>;
  },
  delays: { returnWindow: days(30) },
  actions: { sendMessage },
}).createMachine({
  id: 're-engagement',
  context: ({ input }) => ({ daysInactive: input.trigger.daysInactive }),
  initial: 'winBackSent',
  states: {
    winBackSent: {
      entry: { type: 'sendMessage', params: { message: 'winBack' } },
      after: { returnWindow: 'dormant' },
      on: {
        'product.viewed': 'reactivated',
        'cart.item_added': 'reactivated',
        'checkout.started': 'reactivated',
        'order.placed': 'reactivated',
      },
    },
    reactivated: { type: 'final' },
    dormant: { type: 'final' },
  },
});

/** Re-engagement: one win-back message after 30 days without activity, at most once per 30 days. */
export const reEngagementJourney = defineJourney({
  id: 're-engagement',
  version: 1,
  goal: 'Win back customers after 30 days without activity; exit as soon as they return.',
  priority: PRIORITY['re-engagement'],
  entry: { triggers: ['customer.inactive'], inactivityAfter: days(30), reentryCooldown: days(30) },
  messages,
  caps: [{ max: 1, window: days(30) }],
  conversion: { event: 'order.placed', window: days(30) },
  onConflict: 'drop',
  machine,
});
