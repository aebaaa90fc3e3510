import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../../cli/replay/sources.ts';
import { UCI_INVOICE_COLUMNS, UciInvoiceMapper, UciRowError } from '../../../cli/replay/uci-invoices.ts';
import { parseCustomerEvent } from '../../../core/events/parse.ts';
import type { DetailType } from '../../../core/events/schemas.ts';

const DATA = new URL('../../../../shared/data/uci-online-retail-invoices-2010-2011.csv.gz', import.meta.url);

const row = (InvoiceNo: string, InvoiceDate: string, CustomerID = '17850', TotalPrice = '139.12') => ({
  InvoiceNo,
  InvoiceDate,
  CustomerID,
  TotalPrice,
});

describe('UCI Online Retail invoices as order.placed events', () => {
  it('spreads a day of invoices from 08:00 UTC two minutes apart, in file order, in GBP with the total as one line', () => {
    const mapper = new UciInvoiceMapper('uci');
    const events = [row('536365', '2010-12-01'), row('536366', '2010-12-01', '17850', '22.200000000000003')].map((r) =>
      mapper.map(r),
    );
    expect(events.map((event) => event.detail.occurredAt)).toEqual([
      '2010-12-01T08:00:00.000Z',
      '2010-12-01T08:02:00.000Z',
    ]);
    expect(events[1]?.detail).toMatchObject({
      customerId: 'uci-17850',
      orderId: 'uci-536366',
      total: 22.2,
      currency: 'GBP',
      items: [{ productId: 'invoice-total', quantity: 1, price: 22.2 }],
    });
    expect(mapper.map(row('536400', '2010-12-02')).detail.occurredAt).toBe('2010-12-02T08:00:00.000Z');
  });

  it('gives the same eventId to the same invoice in every replay', () => {
    const first = new UciInvoiceMapper('uci').map(row('536365', '2010-12-01'));
    const again = new UciInvoiceMapper('uci').map(row('536365', '2010-12-01'));
    expect(again.detail.eventId).toBe(first.detail.eventId);
  });

  it('names the line and the field of a row it cannot read, and refuses dates out of order', () => {
    const mapper = new UciInvoiceMapper('uci');
    mapper.map(row('1', '2010-12-02'));
    expect(() => mapper.map(row('2', '2010-12-01'))).toThrow(
      new UciRowError('line 3: InvoiceDate 2010-12-01 is before 2010-12-02 of an earlier line'),
    );
    expect(() => new UciInvoiceMapper('uci').map(row('1', '01/12/2010'))).toThrow(/line 2: InvoiceDate/);
    expect(() => new UciInvoiceMapper('uci').map(row('1', '2010-12-01', ''))).toThrow(/line 2: CustomerID is empty/);
    expect(() => new UciInvoiceMapper('uci').map(row('1', '2010-12-01', '1', ''))).toThrow(/TotalPrice "" is not/);
  });

  it('maps every row of the shared file to a valid event of the contract, in time order', async () => {
    const mapper = new UciInvoiceMapper('uci');
    let header: string[] | undefined;
    let last = '';
    let count = 0;
    const customers = new Set<string>();
    const lines = createInterface({ input: createReadStream(DATA).pipe(createGunzip()) });
    for await (const line of lines) {
      const fields = splitCsvLine(line);
      if (!header) {
        header = fields;
        continue;
      }
      const event = mapper.map(Object.fromEntries(header.map((name, index) => [name, fields[index] ?? ''])));
      parseCustomerEvent(event.detailType as DetailType, event.detail);
      const at = event.detail.occurredAt as string;
      expect(at >= last).toBe(true);
      last = at;
      count += 1;
      customers.add(event.detail.customerId as string);
    }
    expect(header).toEqual([...UCI_INVOICE_COLUMNS]);
    expect({ count, customers: customers.size }).toEqual({ count: 18_532, customers: 4_338 });
  });
});
