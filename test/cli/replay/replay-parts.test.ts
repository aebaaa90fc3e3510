import { describe, expect, it } from 'vitest';
import { CustomerScheduler } from '../../../cli/replay/customer-scheduler.ts';
import { Rees46Mapper, uuidFrom } from '../../../cli/replay/rees46.ts';
import { splitCsvLine } from '../../../cli/replay/sources.ts';
import { PROFILE_MIX, syntheticProfile } from '../../../cli/replay/synthetic-profiles.ts';
import { WakeHeap } from '../../../cli/replay/wake-heap.ts';
import { parseCustomerEvent } from '../../../core/events/parse.ts';

const row = (event_type: string, extra: Record<string, string> = {}) => ({
  event_time: '2019-10-01 00:00:05 UTC',
  event_type,
  product_id: '1004237',
  category_id: '2053013555631882655',
  category_code: 'electronics.smartphone',
  brand: 'apple',
  price: '1081.98',
  user_id: '535871217',
  user_session: 'c6bd7419-2748-4c56-95b4-8cec9ff8b80d',
  ...extra,
});

describe('REES46 mapping', () => {
  it('maps view, cart and purchase rows to valid contract events with deterministic ids', () => {
    const mapper = new Rees46Mapper('sample.csv');
    const events = [row('view'), row('cart'), row('cart'), row('remove_from_cart'), row('purchase')].map((r) =>
      mapper.map(r),
    );
    const parsed = events.map((event) => parseCustomerEvent(event?.detailType, event?.detail));
    expect(parsed.map((event) => event.type)).toEqual([
      'product.viewed',
      'cart.item_added',
      'cart.item_added',
      'cart.item_removed',
      'order.placed',
    ]);
    expect(parsed[2]).toMatchObject({
      itemCount: 2,
      cartValue: 2163.96,
      cartId: 'c6bd7419-2748-4c56-95b4-8cec9ff8b80d',
    });
    expect(parsed[3]).toMatchObject({ itemCount: 1, cartValue: 1081.98 });
    expect(parsed[0]).toMatchObject({
      customerId: 'rees46-535871217',
      occurredAt: '2019-10-01T00:00:05Z',
      price: 1081.98,
    });
    expect(new Rees46Mapper('sample.csv').map(row('view'))?.detail.eventId).toBe(parsed[0]?.eventId);
    expect(uuidFrom('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('splits CSV lines with quoted commas and quotes', () => {
    expect(splitCsvLine('a,"b,c","d ""e""",')).toEqual(['a', 'b,c', 'd "e"', '']);
  });
});

describe('synthetic profiles', () => {
  it('are valid events and the same for the same seed and customer', () => {
    const first = syntheticProfile('rees46-1', Date.parse('2019-10-01T00:00:00Z'), 42);
    expect(syntheticProfile('rees46-1', Date.parse('2019-10-01T00:00:00Z'), 42)).toEqual(first);
    for (const event of first) expect(() => parseCustomerEvent(event.detailType, event.detail)).not.toThrow();
  });

  it('follow the documented proportions over many customers', () => {
    const customers = 4000;
    let emailConsent = 0;
    let kr = 0;
    for (let index = 0; index < customers; index += 1) {
      const events = syntheticProfile(`c-${index}`, 0, 7);
      if (events.some((event) => event.detail.channel === 'email')) emailConsent += 1;
      if (events[0]?.detail.country === 'KR') kr += 1;
    }
    expect(emailConsent / customers).toBeCloseTo(PROFILE_MIX.emailMarketingConsent, 1);
    expect(kr / customers).toBeCloseTo(0.3, 1);
  });
});

describe('replay scheduling', () => {
  it('pops customers by wake time, earliest first', () => {
    const heap = new WakeHeap();
    for (const time of [5, 1, 4, 3, 9, 2]) heap.set(`k${time}`, time);
    const out: number[] = [];
    for (let next = heap.pop(); next; next = heap.pop()) out.push(next[0]);
    expect(out).toEqual([1, 2, 3, 4, 5, 9]);
  });

  it('holds one entry per customer however often its wake time moves', () => {
    const heap = new WakeHeap();
    for (let round = 0; round < 100; round += 1) {
      for (let customer = 0; customer < 20; customer += 1) heap.set(`c${customer}`, (customer * 37 + round * 11) % 101);
    }
    heap.set('c3', -1);
    heap.delete('c7');
    expect(heap.size).toBe(19);
    expect(heap.get('c7')).toBeUndefined();
    const out: Array<[number, string]> = [];
    for (let next = heap.pop(); next; next = heap.pop()) out.push(next);
    expect(out[0]).toEqual([-1, 'c3']);
    expect(out.map(([time]) => time)).toEqual(out.map(([time]) => time).sort((a, b) => a - b));
    expect(new Set(out.map(([, key]) => key)).size).toBe(19);
  });

  it('keeps each customer in order while customers run concurrently', async () => {
    const scheduler = new CustomerScheduler(4);
    const log: string[] = [];
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    await scheduler.schedule('a', async () => {
      await gate;
      log.push('a1');
    });
    await scheduler.schedule('b', async () => void log.push('b1'));
    await scheduler.schedule('a', async () => void log.push('a2'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['b1']);
    openGate();
    await scheduler.idle();
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });
});
