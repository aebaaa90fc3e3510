import { describe, expect, it } from 'vitest';
import { InvalidCustomerEventError } from '../../core/errors.ts';
import { parseCustomerEvent } from '../../core/events/parse.ts';
import { envelopeAt, useIngestHarness } from './support/ingest-harness.ts';

/** Found by the ingest fuzz: a finite but huge amount turned the customer's RFM revenue into Infinity (stored as null). */
const { clock, ingest, newlyRejected, stateOf } = useIngestHarness();

const order = (customerId: string, total: number, extra: Record<string, unknown> = {}) => ({
  ...envelopeAt(clock.ms, customerId),
  orderId: 'o-1',
  total,
  currency: 'KRW',
  items: [{ productId: 'p-1', quantity: 1, price: total }],
  ...extra,
});

function issuesOf(detailType: string, detail: unknown) {
  try {
    parseCustomerEvent(detailType, detail);
  } catch (error) {
    if (error instanceof InvalidCustomerEventError) return error.issues;
    throw error;
  }
  return [];
}

describe('numeric bounds of the event contract', () => {
  it('rejects an order whose total is 1e308 with the rule in the reason, and keeps revenue finite', async () => {
    const result = await ingest('order.placed', order('c-huge', 1e308));
    expect(result).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('detail.total: must be at most'),
    });
    expect(newlyRejected().records.at(-1)?.issues).toContainEqual({
      field: 'detail.total',
      rule: 'must be at most 1000000000000 (1e12)',
    });
    expect((await stateOf('c-huge')).rfm.revenue).toBe(0);
  });

  it('adds orders at the largest allowed total to a finite revenue', async () => {
    for (let index = 0; index < 3; index += 1) {
      clock.ms += 1000;
      expect(await ingest('order.placed', order('c-big', 1e12, { orderId: `o-${index}` }))).toMatchObject({
        kind: 'event',
        outcome: 'applied',
      });
    }
    expect((await stateOf('c-big')).rfm).toMatchObject({ orders: 3, revenue: 3e12 });
  });

  it('accepts amounts with up to 4 decimal places, binary floating point included, and refuses a fifth', () => {
    for (const total of [0, 19.99, 0.1 + 0.2, 1234.5678, 999_999_999_999.9999]) {
      expect(issuesOf('order.placed', order('c', total))).toEqual([]);
    }
    expect(issuesOf('order.placed', order('c', 12.34567))).toContainEqual({
      field: 'detail.total',
      rule: 'must have at most 4 decimal places',
    });
  });

  it('bounds quantities and item counts at one million, integers only', () => {
    const cart = (quantity: number, itemCount: number) => ({
      ...envelopeAt(clock.ms),
      cartId: 'k',
      productId: 'p',
      quantity,
      itemCount,
    });
    expect(issuesOf('cart.item_added', cart(1_000_000, 1_000_000))).toEqual([]);
    expect(issuesOf('cart.item_added', cart(1_000_001, 2_000_000))).toEqual([
      { field: 'detail.quantity', rule: 'must be at most 1000000' },
      { field: 'detail.itemCount', rule: 'must be at most 1000000' },
    ]);
    expect(issuesOf('cart.item_added', cart(1.5, -1))).toEqual([
      { field: 'detail.quantity', rule: 'must be an integer' },
      { field: 'detail.itemCount', rule: 'must be an integer ≥ 0' },
    ]);
  });
});
