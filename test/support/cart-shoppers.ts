import { minutes, toIso } from '../../core/time.ts';

/** 10:00 in Seoul: no quiet hours for the cart reminders of either version. */
export const CART_SHOPPERS_START = Date.parse('2026-11-23T01:00:00Z');
let counter = 0;

function line(detailType: string, customerId: string, at: number, detail: Record<string, unknown>): string {
  const eventId = `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  return JSON.stringify({ detailType, detail: { v: 1, eventId, occurredAt: toIso(at), customerId, ...detail } });
}

/**
 * A JSONL replay source: `count` consenting shoppers in Seoul who add to a cart; every `orderEvery`-th one orders 45
 * minutes later (after a 30 min reminder, before a 1 h one).
 */
export function cartShoppers(count: number, orderEvery = 1): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const customerId = `shopper-${index}`;
    const at = CART_SHOPPERS_START + index * 1000;
    lines.push(
      line('customer.profile_updated', customerId, at, {
        contact: { email: `${customerId}@example.test` },
        timeZone: 'Asia/Seoul',
      }),
      line('consent.changed', customerId, at, {
        ...{ channel: 'email', purpose: 'marketing', granted: true, source: 'checkout', wordingVersion: 'v1' },
      }),
      line('cart.item_added', customerId, at, { cartId: `cart-${index}`, productId: 'p-1', quantity: 1, itemCount: 1 }),
    );
  }
  for (let index = 0; index < count; index += orderEvery) {
    const items = [{ productId: 'p-1', quantity: 1, price: 5 }];
    lines.push(
      line('order.placed', `shopper-${index}`, CART_SHOPPERS_START + index * 1000 + minutes(45), {
        ...{ orderId: `order-${index}`, total: 5, currency: 'KRW', items },
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}
