import { describe, expect, it } from 'vitest';
import { newCustomer } from '../../core/customer/state.ts';
import { applyCustomerEvent } from '../../core/engine/apply-customer-event.ts';
import { recheckBeforeDelivery } from '../../core/policy/engine.ts';
import { policy, registry } from '../../journeys/index.ts';

const returning = {
  ...newCustomer('e'.repeat(64)),
  v: 3,
  erasedAt: '2026-11-23T10:00:00.000Z',
  has: { email: true },
};
const email = { channel: 'email' as const, category: 'transactional' as const };

describe('erasure at delivery', () => {
  it('withholds a message decided before the erasure', () => {
    const now = Date.parse('2026-11-23T10:05:00Z');
    expect(recheckBeforeDelivery(undefined, { ...email, decidedAt: '2026-11-23T09:59:00.000Z' }, now, policy)).toEqual([
      'erased',
    ]);
    expect(recheckBeforeDelivery(returning, { ...email, decidedAt: '2026-11-23T09:59:00.000Z' }, now, policy)).toEqual([
      'erased',
    ]);
  });

  it('delivers to a customer who came back after the erasure', () => {
    const now = Date.parse('2026-11-23T11:05:00Z');
    expect(recheckBeforeDelivery(returning, { ...email, decidedAt: '2026-11-23T11:00:00.000Z' }, now, policy)).toEqual(
      [],
    );
  });

  it('decides messages for events after the erasure like for anyone else', () => {
    const order = {
      type: 'order.placed' as const,
      v: 1 as const,
      eventId: '7d0e3a4c-1111-4222-8333-444455556666',
      occurredAt: '2026-11-23T11:00:00Z',
      orderId: 'o-2',
      total: 10,
      currency: 'EUR',
      items: [{ productId: 'p', quantity: 1, price: 10 }],
    };
    const { state } = applyCustomerEvent(returning, order, {
      registry,
      policy,
      now: Date.parse('2026-11-23T11:00:00Z'),
    });
    const decision = state.outbox.find((item) => item.kind === 'decision');
    expect(decision).toMatchObject({ record: { template: 'order-confirmation', outcome: 'send', reasons: [] } });
  });
});
