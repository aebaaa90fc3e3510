import { createHash } from 'node:crypto';
import type { SourceEvent } from './sources.ts';

/** A deterministic UUID (v5 layout) from a name, so a replay of the same file gives the same eventIds. */
export function uuidFrom(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const money = (text: string) => Math.round(Number(text) * 100) / 100;

/**
 * Maps REES46 clickstream rows (see ../shared/data/README.md) to our event contract: view → product.viewed,
 * cart → cart.item_added, remove_from_cart → cart.item_removed, purchase → order.placed; user_id → customerId,
 * user_session → cartId; the cart's item count and value are tracked per session. Prices are in USD.
 */
export class Rees46Mapper {
  readonly #carts = new Map<string, { items: number; value: number }>();
  readonly #source: string;
  #row = 0;

  constructor(sourceName: string) {
    this.#source = sourceName;
  }

  map(row: Record<string, string>): SourceEvent | undefined {
    this.#row += 1;
    const occurredAt = `${(row.event_time ?? '').replace(' UTC', '').replace(' ', 'T')}Z`;
    const base = {
      v: 1,
      eventId: uuidFrom(`${this.#source}#${this.#row}`),
      occurredAt,
      customerId: `rees46-${row.user_id}`,
    };
    const productId = row.product_id ?? '';
    const price = money(row.price ?? '0');
    const session = row.user_session || `no-session-${row.user_id}`;
    const cart = this.#carts.get(session) ?? { items: 0, value: 0 };
    switch (row.event_type) {
      case 'view':
        return {
          detailType: 'product.viewed',
          detail: { ...base, productId, category: row.category_code || row.category_id, price, currency: 'USD' },
        };
      case 'cart':
      case 'remove_from_cart': {
        const adding = row.event_type === 'cart';
        cart.items = Math.max(0, cart.items + (adding ? 1 : -1));
        cart.value = Math.max(0, Math.round((cart.value + (adding ? price : -price)) * 100) / 100);
        this.#carts.set(session, cart);
        return {
          detailType: adding ? 'cart.item_added' : 'cart.item_removed',
          detail: {
            ...base,
            cartId: session,
            productId,
            quantity: 1,
            itemCount: cart.items,
            cartValue: cart.value,
            currency: 'USD',
          },
        };
      }
      case 'purchase':
        this.#carts.delete(session);
        return {
          detailType: 'order.placed',
          detail: {
            ...base,
            orderId: `${session}-${this.#row}`,
            total: price,
            currency: 'USD',
            items: [{ productId, quantity: 1, price }],
          },
        };
      default:
        return undefined;
    }
  }
}
