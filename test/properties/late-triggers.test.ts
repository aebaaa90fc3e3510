import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { days } from '../../core/time.ts';
import { propertyRuns, propertyTimeout } from '../support/customer-scenarios.ts';
import { type ScenarioEvent, simulate } from '../support/customer-simulation.ts';

const numRuns = propertyRuns();

const cartAdd = { cartId: 'cart-1', productId: 'sku-1', quantity: 1, itemCount: 1 };
const order = { orderId: 'o-1', total: 1, currency: 'EUR', items: [{ productId: 'sku-1', quantity: 1, price: 1 }] };

/** Each journey with an ordering rule (decision 0005 §4): its trigger, the goal events that end it, what it sends. */
const journeys = {
  cart: { trigger: ['cart.item_added', cartAdd], goals: [['order.placed', order]], template: 'cart-reminder' },
  browse: {
    trigger: ['product.viewed', { productId: 'sku-1' }],
    goals: [
      ['cart.item_added', cartAdd],
      ['order.placed', order],
    ],
    template: 'browse-follow-up',
  },
} as const;

const onboarding: ScenarioEvent[] = [
  { eventId: uuid(1), type: 'customer.profile_updated', payload: { contact: { email: 'a@example.com' } }, offset: 0 },
  {
    eventId: uuid(2),
    type: 'consent.changed',
    payload: { channel: 'email', purpose: 'marketing', granted: true, source: 'signup', wordingVersion: 'v1' },
    offset: 0,
  },
];

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const cases = fc.record({
  journey: fc.constantFrom('cart' as const, 'browse' as const),
  goal: fc.nat(),
  seed: fc.nat(),
  start: fc.integer({ min: Date.UTC(2026, 0, 1) / 1000, max: Date.UTC(2027, 11, 31) / 1000 }),
  triggerOffset: fc.integer({ min: -300, max: 300 }),
  /** How long after the trigger the goal occurred (s): often at the same instant, at times a second either way. */
  gap: fc.oneof(fc.constant(0), fc.constantFrom(-1, 1), fc.integer({ min: -300, max: 300 })),
  goalFirst: fc.boolean(),
});

describe('late triggers (property)', () => {
  it(
    'asks for a journey message exactly when its trigger occurred after every goal event, whatever the arrival order',
    () => {
      fc.assert(
        fc.property(cases, ({ journey, goal, seed, start, triggerOffset, gap, goalFirst }) => {
          const spec = journeys[journey];
          const [goalType, goalPayload] = spec.goals[goal % spec.goals.length] ?? spec.goals[0];
          const trigger = { eventId: uuid(3), type: spec.trigger[0], payload: spec.trigger[1], offset: triggerOffset };
          const ending = { eventId: uuid(4), type: goalType, payload: goalPayload, offset: triggerOffset - gap };
          const sim = simulate({
            pseudonym: `${seed.toString(16).padStart(8, '0')}`.padEnd(64, 'b'),
            start: start * 1000,
            sweepLag: 0,
            journeys: 'house',
            ops: [
              { kind: 'receive', events: onboarding },
              { kind: 'receive', events: goalFirst ? [ending, trigger] : [trigger, ending] },
              { kind: 'advance', ms: days(2) },
            ],
          });
          const asked = sim.decisions.some(({ record }) => record.template === spec.template);
          expect({ asked, gap, goalFirst }).toEqual({ asked: gap < 0, gap, goalFirst });
        }),
        { numRuns },
      );
    },
    propertyTimeout(),
  );
});
