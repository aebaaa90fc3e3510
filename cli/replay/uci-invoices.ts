import { uuidFrom } from './rees46.ts';
import type { SourceEvent } from './sources.ts';

/** The columns of the shared UCI Online Retail invoice file (../shared/data/README.md). */
export const UCI_INVOICE_COLUMNS = ['InvoiceNo', 'InvoiceDate', 'CustomerID', 'TotalPrice'] as const;

/** The first invoice of a day is placed at 08:00 UTC, each next one of the same day this much later. */
const FIRST_OF_DAY_MINUTES = 8 * 60;
const MINUTES_BETWEEN_INVOICES = 2;
const LAST_MINUTE_OF_DAY = 23 * 60 + 59;

/** A row the mapper cannot read; the message names the line and the field. */
export class UciRowError extends Error {
  override name = 'UciRowError';
}

/**
 * Maps the UCI Online Retail invoices (a UK gift retailer, 2010-12 to 2011-12; one row per invoice, dates only) to
 * `order.placed` events in GBP. The data has dates, not times: a day's invoices are spread over the day in file order
 * (08:00 UTC, then 2 minutes apart, at most 23:59), so they stay in time order. It has totals, not items: each order
 * carries one line, `productId` "invoice-total", with the invoice total as its price (the contract asks for at least
 * one item; nothing else about the items is known, and nothing is invented).
 */
export class UciInvoiceMapper {
  readonly #source: string;
  #day = '';
  #nthOfDay = 0;
  #row = 0;

  constructor(sourceName: string) {
    this.#source = sourceName;
  }

  map(row: Record<string, string>): SourceEvent {
    this.#row += 1;
    const line = this.#row + 1;
    const { InvoiceNo: invoice, InvoiceDate: date, CustomerID: customer, TotalPrice: totalText } = row;
    if (!invoice) throw new UciRowError(`line ${line}: InvoiceNo is empty`);
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new UciRowError(`line ${line}: InvoiceDate "${date ?? ''}" is not a date like 2010-12-01`);
    }
    if (!customer) throw new UciRowError(`line ${line}: CustomerID is empty`);
    const total = Math.round(Number(totalText) * 100) / 100;
    if (!totalText || !Number.isFinite(total) || total <= 0) {
      throw new UciRowError(`line ${line}: TotalPrice "${totalText ?? ''}" is not a positive amount`);
    }
    if (date < this.#day) {
      throw new UciRowError(`line ${line}: InvoiceDate ${date} is before ${this.#day} of an earlier line`);
    }
    this.#nthOfDay = date === this.#day ? this.#nthOfDay + 1 : 0;
    this.#day = date;
    const minute = Math.min(FIRST_OF_DAY_MINUTES + this.#nthOfDay * MINUTES_BETWEEN_INVOICES, LAST_MINUTE_OF_DAY);
    const occurredAt = new Date(Date.parse(`${date}T00:00:00Z`) + minute * 60_000).toISOString();
    return {
      detailType: 'order.placed',
      detail: {
        v: 1,
        eventId: uuidFrom(`${this.#source}#${invoice}`),
        occurredAt,
        customerId: `uci-${customer}`,
        orderId: `uci-${invoice}`,
        total,
        currency: 'GBP',
        items: [{ productId: 'invoice-total', quantity: 1, price: total }],
      },
    };
  }
}
