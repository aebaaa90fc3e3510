import { assign, setup } from 'xstate';
import type { JourneyEventOf } from '../core/events/journey-events.ts';
import { defineJourney, type JourneyInput, journeyMessages } from '../core/journey-runtime/definition.ts';
import { days, hours } from '../core/time.ts';
import { PRIORITY } from './policy.ts';

type CartActivity = JourneyEventOf<'cart.item_added' | 'cart.item_removed' | 'checkout.started'>;
type CartEvent = CartActivity | JourneyEventOf<'order.placed'>;

interface CartContext {
  bucket: number;
  cartId: string;
  productId: string | null;
  itemCount: number;
  cartValue: number | null;
  currency: string | null;
}

const { messages, sendMessage } = journeyMessages({
  cartReminder: {
    channels: { byCountry: { KR: ['kakao', 'email'] }, others: ['email'] },
    template: 'cart-reminder',
    category: 'promotional',
    variables: ['productId', 'itemCount', 'cartValue', 'currency'],
    profiling: { generic: { template: 'cart-reminder-generic' } },
  },
  lastChanceWithCoupon: {
    channels: ['email'],
    template: 'cart-last-chance-coupon',
    category: 'promotional',
    variables: ['productId', 'itemCount', 'cartValue', 'currency'],
    profiling: {},
  },
  lastChance: {
    channels: ['email'],
    template: 'cart-last-chance',
    category: 'promotional',
    variables: ['productId', 'itemCount', 'cartValue', 'currency'],
    profiling: {},
  },
});

function cartFacts(event: CartActivity): Partial<CartContext> {
  if (event.type === 'checkout.started') {
    return { cartId: event.cartId, cartValue: event.cartValue, currency: event.currency };
  }
  return {
    cartId: event.cartId,
    productId: event.productId,
    itemCount: event.itemCount,
    cartValue: event.cartValue ?? null,
    currency: event.currency ?? null,
  };
}

const couponSplit = {
  name: 'last-chance-coupon',
  rule: 'bucket < 50 of 100 gets the coupon',
  control: 'without_coupon',
};

const machine = setup({
  types: {} as { context: CartContext; events: CartEvent; input: JourneyInput<CartActivity> },
  delays: { reminderGap: hours(1), lastChanceGap: hours(23), conversionWindow: days(7) },
  guards: {
    cartIsEmpty: ({ event }) => 'itemCount' in event && event.itemCount === 0,
    inCouponGroup: ({ context }) => context.bucket < 50,
  },
  actions: {
    sendMessage,
    rememberCart: assign(({ event }) => cartFacts(event as CartActivity)),
  },
}).createMachine({
  id: 'cart',
  context: ({ input }) => ({
    bucket: input.bucket,
    cartId: '',
    productId: null,
    itemCount: 0,
    cartValue: null,
    currency: null,
    ...cartFacts(input.trigger),
  }),
  initial: 'cartIdle',
  on: {
    'order.placed': '.converted',
    'cart.item_removed': [
      { guard: 'cartIsEmpty', target: '.emptied' },
      { target: '.cartIdle', reenter: true, actions: 'rememberCart' },
    ],
    'cart.item_added': { target: '.cartIdle', reenter: true, actions: 'rememberCart' },
    'checkout.started': { target: '.cartIdle', reenter: true, actions: 'rememberCart' },
  },
  states: {
    cartIdle: { after: { reminderGap: 'reminded' } },
    reminded: {
      entry: { type: 'sendMessage', params: { message: 'cartReminder' } },
      after: {
        lastChanceGap: [
          {
            guard: 'inCouponGroup',
            target: 'lastChanceSent',
            actions: {
              type: 'sendMessage',
              params: { message: 'lastChanceWithCoupon', split: { ...couponSplit, variant: 'with_coupon' } },
            },
          },
          {
            target: 'lastChanceSent',
            actions: {
              type: 'sendMessage',
              params: { message: 'lastChance', split: { ...couponSplit, variant: 'without_coupon' } },
            },
          },
        ],
      },
    },
    lastChanceSent: { after: { conversionWindow: 'expired' } },
    converted: { type: 'final' },
    emptied: { type: 'final' },
    expired: { type: 'final' },
  },
});

/** Cart abandonment: bring customers back to a cart they left, and count the orders that follow. */
export const cartJourney = defineJourney({
  id: 'cart',
  version: 1,
  goal: 'Recover abandoned carts with a reminder after 1 h and a last chance (A/B: coupon or not) after 24 h.',
  priority: PRIORITY.cart,
  entry: { triggers: ['cart.item_added'], endedBy: ['order.placed'] },
  messages,
  caps: [{ max: 3, window: days(7) }],
  conversion: { event: 'order.placed', window: days(7) },
  onConflict: 'defer',
  machine,
});
