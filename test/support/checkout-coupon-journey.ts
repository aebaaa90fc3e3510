import { setup } from 'xstate';
import { customerMatches, type EventPattern } from '../../core/journey-runtime/conditions.ts';
import { defineJourney, journeyMessages } from '../../core/journey-runtime/definition.ts';
import type { SendWindows } from '../../core/policy/send-windows.ts';
import { days, hours } from '../../core/time.ts';

/** Entry filter, over the trigger's detail: a checkout of ₩50,000 or more, in won. */
export const BIG_WON_CHECKOUTS: EventPattern = { cartValue: [{ numeric: ['>=', 50_000] }], currency: ['KRW'] };

/** Entry segment, over the customer facts: customers in Korea. */
export const IN_KOREA: EventPattern = { country: ['KR'] };

/** Segment split, over the customer facts when the split runs: VIPs by revenue (orders adding up to ₩500,000). */
export const VIP_BY_REVENUE: EventPattern = { rfm: { revenue: [{ numeric: ['>=', 500_000] }] } };

const weekdayHours = [{ start: '10:00', end: '20:00' }];

/** Email goes out on weekdays 10:00–20:00 and Saturdays 11:00–17:00 (local), never on KR holidays or stock-take. */
export const SHOP_HOURS: SendWindows = {
  openHours: {
    email: {
      monday: weekdayHours,
      tuesday: weekdayHours,
      wednesday: weekdayHours,
      thursday: weekdayHours,
      friday: weekdayHours,
      saturday: [{ start: '11:00', end: '17:00' }],
    },
  },
  closedOnHolidays: true,
  closedDays: [{ name: '재고 조사 (stock-take)', from: '2026-09-30' }],
};

const { messages, sendMessage } = journeyMessages({
  vipCoupon: { channels: ['email'], template: 'checkout-vip-coupon', category: 'promotional' },
  reminder: { channels: ['email'], template: 'checkout-reminder', category: 'promotional' },
});

const machine = setup({
  types: {} as { events: { type: 'order.placed' } },
  delays: { abandonedAfter: hours(1), conversionWindow: days(7) },
  guards: { isVip: customerMatches(VIP_BY_REVENUE) },
  actions: { sendMessage },
}).createMachine({
  id: 'checkout-coupon',
  initial: 'waiting',
  on: { 'order.placed': '.converted' },
  states: {
    waiting: { after: { abandonedAfter: 'choosing' } },
    choosing: { always: [{ guard: 'isVip', target: 'coupon' }, { target: 'reminded' }] },
    coupon: {
      entry: { type: 'sendMessage', params: { message: 'vipCoupon' } },
      after: { conversionWindow: 'done' },
    },
    reminded: {
      entry: { type: 'sendMessage', params: { message: 'reminder' } },
      after: { conversionWindow: 'done' },
    },
    done: { type: 'final' },
    converted: { type: 'final' },
  },
});

/**
 * An example of every authoring control in one journey (docs/authoring.md): entered on a big checkout in won by
 * customers in Korea; an hour later, VIPs by revenue get a coupon and the others a reminder; email only in shop
 * hours, never on KR holidays or the shop's stock-take day.
 */
export const checkoutCouponJourney = defineJourney({
  id: 'checkout-coupon',
  version: 1,
  goal: 'Win back abandoned checkouts; VIPs by revenue get a coupon.',
  priority: 35,
  entry: { triggers: ['checkout.started'], filter: BIG_WON_CHECKOUTS, segment: IN_KOREA },
  messages,
  sendWindows: SHOP_HOURS,
  onConflict: 'defer',
  machine,
});
