import { assign, setup } from 'xstate';
import type { JourneyEnteredEvent, JourneyEventOf } from '../core/events/journey-events.ts';
import { defineJourney, type JourneyInput, journeyMessages } from '../core/journey-runtime/definition.ts';
import { days } from '../core/time.ts';
import { PRIORITY } from './policy.ts';

type OrderPlaced = JourneyEventOf<'order.placed'>;
type PurchaseEvent = OrderPlaced | JourneyEnteredEvent;

interface PurchaseContext {
  orderId: string;
  total: number;
  currency: string;
  itemCount: number;
  productId: string | null;
}

const orderVariables = ['orderId', 'total', 'currency', 'itemCount', 'productId'] as const;
const { messages, sendMessage } = journeyMessages({
  orderConfirmation: {
    channels: { byCountry: { KR: ['kakao', 'sms', 'email'] }, others: ['email'] },
    template: 'order-confirmation',
    category: 'transactional',
    variables: orderVariables,
  },
  reviewRequest: {
    channels: ['email'],
    template: 'review-request',
    category: 'promotional',
    variables: orderVariables,
  },
  crossSell: {
    channels: ['email'],
    template: 'cross-sell',
    category: 'promotional',
    variables: orderVariables,
    profiling: {},
  },
});

const orderFacts = (event: OrderPlaced): PurchaseContext => ({
  orderId: event.orderId,
  total: event.total,
  currency: event.currency,
  itemCount: event.items.reduce((sum, item) => sum + item.quantity, 0),
  productId: event.items[0]?.productId ?? null,
});

const machine = setup({
  types: {} as { context: PurchaseContext; events: PurchaseEvent; input: JourneyInput<OrderPlaced> },
  delays: { reviewDelay: days(7), crossSellDelay: days(7) },
  guards: {
    reEngagementStarted: ({ event }) => event.type === 'journey.entered' && event.journeyId === 're-engagement',
  },
  actions: {
    sendMessage,
    rememberOrder: assign(({ event }) => orderFacts(event as OrderPlaced)),
  },
}).createMachine({
  id: 'purchase',
  context: ({ input }) => orderFacts(input.trigger),
  initial: 'confirmed',
  on: {
    'order.placed': { target: '.confirmed', reenter: true, actions: 'rememberOrder' },
    'journey.entered': { guard: 'reEngagementStarted', target: '.superseded' },
  },
  states: {
    confirmed: {
      entry: { type: 'sendMessage', params: { message: 'orderConfirmation' } },
      after: { reviewDelay: 'reviewRequested' },
    },
    reviewRequested: {
      entry: { type: 'sendMessage', params: { message: 'reviewRequest' } },
      after: { crossSellDelay: 'completed' },
    },
    completed: { type: 'final', entry: { type: 'sendMessage', params: { message: 'crossSell' } } },
    superseded: { type: 'final' },
  },
});

/** Post-purchase: confirm the order at once, ask for a review after 7 days, suggest more after 14. */
export const purchaseJourney = defineJourney({
  id: 'purchase',
  version: 1,
  goal: 'Confirm every order immediately, then earn a review (day 7) and a repeat purchase (day 14).',
  priority: PRIORITY.purchase,
  entry: { triggers: ['order.placed'] },
  messages,
  conversion: { event: 'order.placed', window: days(30) },
  onConflict: 'defer',
  machine,
});
