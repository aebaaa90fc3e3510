import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvFormatOf, parseColumns, parseTime, parseTypes } from '../../../cli/replay/csv-formats.ts';
import { type SourceReport, sourceEvents } from '../../../cli/replay/feed.ts';
import { Rees46Mapper } from '../../../cli/replay/rees46.ts';
import { runReplay } from '../../../cli/replay/run.ts';
import type { SourceEvent } from '../../../cli/replay/sources.ts';

const dir = mkdtempSync(join(tmpdir(), 'replay-input-'));
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};
const REES46_HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
const rees = (time: string, type: string, user: string, price = '12.50') =>
  `2019-10-01 ${time} UTC,${type},1001,77,electronics.audio,acme,${price},${user},s-${user}`;

async function collect(path: string, options = {}): Promise<{ events: SourceEvent[]; report: SourceReport }> {
  const report: SourceReport = { format: '', skippedRows: 0 };
  const events: SourceEvent[] = [];
  for await (const event of sourceEvents(path, { bytesRead: 0, totalBytes: 0 }, options, report)) events.push(event);
  return { events, report };
}

async function replayCli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReplay(args, { out: (t) => out.push(t), err: (t) => err.push(t), now: () => 0 });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('replay input: the format is told by the header', () => {
  it('exits with an error naming the expected columns when a CSV has none of the known headers', async () => {
    const path = file('unknown.csv', ['when,who,what', '2019-10-01 00:00:00,1,view']);
    const result = await replayCli([path, '--data-dir', join(dir, 'data-unknown')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('the header (when, who, what) is not one the replay knows');
    expect(result.err).toContain('event_time, event_type, product_id, price, user_id, user_session');
    expect(result.err).toContain('InvoiceNo, InvoiceDate, CustomerID, TotalPrice');
    expect(result.err).toContain('--columns customer=');
  });

  it('exits with an error for an empty CSV instead of replaying nothing from 1970', async () => {
    const result = await replayCli([file('empty.csv', []), '--data-dir', join(dir, 'data-empty')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/empty\.csv is empty/);
  });

  it('recognises the REES46 clickstream and the UCI invoices by their headers', () => {
    expect(csvFormatOf(REES46_HEADER.split(','), 'x.csv', {}).name).toBe('REES46 clickstream');
    expect(csvFormatOf(['InvoiceNo', 'InvoiceDate', 'CustomerID', 'TotalPrice'], 'x.csv', {}).name).toBe(
      'UCI Online Retail invoices',
    );
  });

  it('maps any clickstream through --columns and --types without code', async () => {
    const path = file('shop.csv', [
      'ts,uid,action,sku,amount,basket',
      '1569888000,u1,seen,sku-1,9.99,b1',
      '2019-10-01T00:01:00+09:00,u1,basket_add,sku-1,9.99,b1',
      '2019-10-01 00:02:00,u1,bought,sku-1,9.99,b1',
      '2019-10-01 00:03:00,u1,wishlist,sku-1,9.99,b1',
    ]);
    const columns = parseColumns('customer=uid,time=ts,type=action,product=sku,price=amount,cart=basket');
    const types = parseTypes('seen=product.viewed,basket_add=cart.item_added,bought=order.placed');
    const { events, report } = await collect(path, { columns, types, currency: 'EUR', sort: true });
    expect(events.map((event) => [event.detailType, event.detail.occurredAt])).toEqual([
      ['cart.item_added', '2019-09-30T15:01:00.000Z'],
      ['product.viewed', '2019-10-01T00:00:00.000Z'],
      ['order.placed', '2019-10-01T00:02:00.000Z'],
    ]);
    expect(events[2]?.detail).toMatchObject({ customerId: 'u1', total: 9.99, currency: 'EUR' });
    expect(report).toMatchObject({ format: expect.stringContaining('customer=uid'), skippedRows: 1 });
  });

  it('names the line and column of a time it cannot read, and columns missing from the header', async () => {
    const path = file('bad-time.csv', ['ts,uid,action', 'yesterday,u1,view']);
    const columns = parseColumns('customer=uid,time=ts,type=action');
    await expect(collect(path, { columns })).rejects.toThrow(/bad-time\.csv:2: column ts "yesterday" is not a time/);
    await expect(collect(path, { columns: parseColumns('customer=user,time=ts,type=action') })).rejects.toThrow(
      /--columns names user, not in the header/,
    );
  });

  it('refuses a --columns without customer, time and type, or an unknown detail-type', () => {
    expect(() => parseColumns('customer=uid')).toThrow(/--columns must name time, type/);
    expect(() => parseColumns('who=uid,time=ts,type=t')).toThrow(/unknown field "who"/);
    expect(() => parseTypes('view=page.viewed')).toThrow(/"page.viewed" is not one of/);
  });

  it('reads ISO times with zones, spaced UTC times and epoch seconds or milliseconds, and nothing else', () => {
    expect(parseTime('2019-10-01T09:00:00+09:00')).toBe('2019-10-01T00:00:00.000Z');
    expect(parseTime('2019-10-01 00:00:00 UTC')).toBe('2019-10-01T00:00:00.000Z');
    expect(parseTime('1569888000')).toBe('2019-10-01T00:00:00.000Z');
    expect(parseTime('1569888000000')).toBe('2019-10-01T00:00:00.000Z');
    expect(parseTime('2019-10-01T00:00:00')).toBeUndefined();
    expect(parseTime('10/01/2019')).toBeUndefined();
  });
});

describe('replay input: time order', () => {
  const unsorted = () =>
    file('unsorted.csv', [
      REES46_HEADER,
      rees('00:00:00', 'view', '1'),
      rees('00:05:00', 'view', '2'),
      rees('00:01:00', 'view', '3'),
    ]);

  it('refuses events out of time order with the first offending line', async () => {
    await expect(collect(unsorted())).rejects.toThrow(
      /unsorted\.csv:4: occurredAt 2019-10-01T00:01:00Z is before 2019-10-01T00:05:00Z on line 3.*--sort/,
    );
    const result = await replayCli([unsorted(), '--data-dir', join(dir, 'data-unsorted')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('unsorted.csv:4');
  });

  it('sorts them with --sort, giving what the sorted file gives', async () => {
    const sorted = file('sorted.csv', [
      REES46_HEADER,
      rees('00:00:00', 'view', '1'),
      rees('00:01:00', 'view', '3'),
      rees('00:05:00', 'view', '2'),
    ]);
    const fromSorted = (await collect(sorted)).events.map((event) => event.detail.customerId);
    const fromSort = (await collect(unsorted(), { sort: true })).events.map((event) => event.detail.customerId);
    expect(fromSort).toEqual(fromSorted);
    expect(fromSort).toEqual(['rees46-1', 'rees46-3', 'rees46-2']);
  });
});

describe('replay input: prices', () => {
  it('leaves out an empty price rather than showing the customer 0.00', () => {
    const [time, type, productId, categoryId, code, brand, , userId, session] = rees('00:00:00', 'view', '1').split(
      ',',
    );
    const event = new Rees46Mapper('x').map({
      ...{ event_time: time ?? '', event_type: type ?? '', product_id: productId ?? '', category_id: categoryId ?? '' },
      ...{
        category_code: code ?? '',
        brand: brand ?? '',
        price: '',
        user_id: userId ?? '',
        user_session: session ?? '',
      },
    });
    expect(event?.detail).not.toHaveProperty('price');
  });
});

describe('npm run replay end to end on a small file', () => {
  it('writes the HTML report, the replay clock, and gives JSONL and CSV the same synthetic profiles', async () => {
    const csv = file('small.csv', [REES46_HEADER, rees('00:00:00', 'view', '1'), rees('00:01:00', 'cart', '1')]);
    const fromCsv = await replayCli([csv, '--drain', '2d', '--data-dir', join(dir, 'data-csv')]);
    expect(fromCsv.code).toBe(0);
    const html = readFileSync(join(dir, 'data-csv', 'replay-report.html'), 'utf8');
    expect(html).toContain('Journey outcomes — replay of small.csv');
    expect(html).toContain('less than the attribution window');
    expect(JSON.parse(readFileSync(join(dir, 'data-csv', 'replay.json'), 'utf8'))).toMatchObject({
      store: 'memory',
      first: '2019-10-01T00:00:00.000Z',
      drainedUntil: '2019-10-03T00:01:00.000Z',
    });
    const { events } = await collect(csv);
    const jsonl = file(
      'small.jsonl',
      events.map((event) => JSON.stringify({ detailType: event.detailType, detail: event.detail })),
    );
    const fromJsonl = await replayCli([jsonl, '--drain', '2d', '--data-dir', join(dir, 'data-jsonl')]);
    const summary = (name: string) => JSON.parse(readFileSync(join(dir, name, 'replay-report.json'), 'utf8'));
    expect(summary('data-jsonl').syntheticEvents).toBe(summary('data-csv').syntheticEvents);
    expect(summary('data-jsonl').syntheticEvents).toBeGreaterThan(0);
    expect(summary('data-jsonl').decisionDigest).toBe(summary('data-csv').decisionDigest);
    expect(fromJsonl.code).toBe(0);
  });
});
