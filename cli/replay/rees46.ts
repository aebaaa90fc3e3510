import { createHash } from 'node:crypto';
import type { SourceEvent } from './sources.ts';

/** A deterministic UUID (v5 layout) from a name, so a replay of the same file gives the same eventIds. */
export function uuidFrom(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const money = (text: string) => Math.round(Number(text) * 100) / 100;

/** The detail-types a clickstream row can become. */
export const CLICK_TYPES = ['product.viewed', 'cart.item_added', 'cart.item_removed', 'order.placed'] as const;
export type ClickType = (typeof CLICK_TYPES)[number];

/** REES46's `event_type` values and the detail-types they become. */
export const REES46_TYPES: Readonly<Record<string, ClickType>> = {
  view: 'product.viewed',
  cart: 'cart.item_added',
  remove_from_cart: 'cart.item_removed',
  purchase: 'order.placed',
};

/** The columns of the shared REES46 clickstream sample the replay reads (../shared/data/README.md). */
export const REES46_COLUMNS = ['event_time', 'event_type', 'product_id', 'price', 'user_id', 'user_session'] as const;

/** One clickstream row in our terms, whatever the file called its columns. */
export interface Click {
  /** ISO 8601. */
  occurredAt: string;
  type: ClickType | undefined;
  customerId: string;
  productId: string;
  /** As written in the file; empty when the file has no price. */
  price: string;
  /** Groups cart changes into one cart; empty: one cart per customer. */
  session: string;
  category: string;
}

/**
 * Maps clickstream rows to our event contract: views, cart changes and purchases; the cart's item count and value are
 * tracked per session. A row without a price leaves the price out (a template then takes its fallback) rather than
 * showing the customer 0.00. Rows of an unmapped type become nothing (`undefined`), and still take a row number.
 */
export class ClickstreamMapper {
  readonly #carts = new Map<string, { items: number; value: number }>();
  readonly #source: string;
  readonly #currency: string;
  #row = 0;

  constructor(sourceName: string, currency: string) {
    this.#source = sourceName;
    this.#currency = currency;
  }

  map(click: Click): SourceEvent | undefined {
    this.#row += 1;
    const base = {
      v: 1,
      eventId: uuidFrom(`${this.#source}#${this.#row}`),
      occurredAt: click.occurredAt,
      customerId: click.customerId,
    };
    const { productId, currency } = { productId: click.productId, currency: this.#currency };
    const price = click.price.trim() === '' ? undefined : money(click.price);
    const session = click.session || `no-session-${click.customerId}`;
    const cart = this.#carts.get(session) ?? { items: 0, value: 0 };
    switch (click.type) {
      case 'product.viewed':
        return {
          detailType: click.type,
          detail: { ...base, productId, category: click.category, ...(price === undefined ? {} : { price }), currency },
        };
      case 'cart.item_added':
      case 'cart.item_removed': {
        const adding = click.type === 'cart.item_added';
        cart.items = Math.max(0, cart.items + (adding ? 1 : -1));
        cart.value = Math.max(0, Math.round((cart.value + (adding ? 1 : -1) * (price ?? 0)) * 100) / 100);
        this.#carts.set(session, cart);
        return {
          detailType: click.type,
          detail: {
            ...base,
            cartId: session,
            productId,
            quantity: 1,
            itemCount: cart.items,
            cartValue: cart.value,
            currency,
          },
        };
      }
      case 'order.placed':
        this.#carts.delete(session);
        return {
          detailType: click.type,
          detail: {
            ...base,
            orderId: `${session}-${this.#row}`,
            total: price ?? 0,
            currency,
            items: [{ productId, quantity: 1, price: price ?? 0 }],
          },
        };
      default:
        return undefined;
    }
  }
}

/**
 * Maps REES46 clickstream rows (see ../shared/data/README.md) to our event contract: view → product.viewed,
 * cart → cart.item_added, remove_from_cart → cart.item_removed, purchase → order.placed; user_id → customerId,
 * user_session → cartId. Prices are in USD.
 */
export class Rees46Mapper {
  readonly #clicks: ClickstreamMapper;

  constructor(sourceName: string) {
    this.#clicks = new ClickstreamMapper(sourceName, 'USD');
  }

  map(row: Record<string, string>): SourceEvent | undefined {
    return this.#clicks.map({
      occurredAt: `${(row.event_time ?? '').replace(' UTC', '').replace(' ', 'T')}Z`,
      type: REES46_TYPES[row.event_type ?? ''],
      customerId: `rees46-${row.user_id}`,
      productId: row.product_id ?? '',
      price: row.price ?? '',
      session: row.user_session ?? '',
      category: row.category_code || row.category_id || '',
    });
  }
}
