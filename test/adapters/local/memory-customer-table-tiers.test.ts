import { describe, expect, it } from 'vitest';
import { MemoryCustomerTable } from '../../../adapters/local/memory-customer-table.ts';
import { TextPacker } from '../../../adapters/local/packed-text.ts';
import { type CustomerState, newCustomer } from '../../../core/customer/state.ts';

const customer = (pseudonym: string, extra: Partial<CustomerState> = {}): CustomerState => ({
  ...newCustomer(pseudonym),
  tz: 'Asia/Seoul',
  seen: [`${pseudonym}-a`, `${pseudonym}-b`],
  lastActivityAt: '2019-10-01T00:00:00.000Z',
  ...extra,
});

describe('the memory customer table with a cold tier', () => {
  it('packs the items of all but the customers saved last, and loads a packed one as it was saved', async () => {
    const table = new MemoryCustomerTable({ hotItems: 2 });
    const saved = await table.save(customer('p1', { indexedWakeAt: '2019-10-02T00:00:00.000Z' }), 0);
    await table.save(customer('p2'), 0);
    expect(table.tiers()).toEqual({ plain: 2, packed: 0 });
    await table.save(customer('p3'), 0);
    expect(table.tiers()).toEqual({ plain: 2, packed: 1 });
    expect(await table.load('p1')).toEqual(saved);
  });

  it('makes a packed customer hot again when it is saved, and keeps its version check', async () => {
    const table = new MemoryCustomerTable({ hotItems: 1 });
    await table.save(customer('p1'), 0);
    await table.save(customer('p2'), 0);
    const reloaded = await table.load('p1');
    await table.save({ ...reloaded, tz: 'UTC' }, 1);
    expect(table.tiers()).toEqual({ plain: 1, packed: 1 });
    expect((await table.load('p1')).tz).toBe('UTC');
    expect((await table.load('p2')).tz).toBe('Asia/Seoul');
    await expect(table.save(reloaded, 1)).rejects.toThrow();
  });

  it('holds the same customers as a table without one (digest), and so does its clone', async () => {
    const plain = new MemoryCustomerTable();
    const tiered = new MemoryCustomerTable({ hotItems: 1 });
    for (const table of [plain, tiered]) {
      for (const pseudonym of ['p1', 'p2', 'p3']) await table.save(customer(pseudonym), 0);
      await table.clearOutbox('p1', 1);
    }
    expect(tiered.tiers().packed).toBe(2);
    expect(tiered.digest()).toBe(plain.digest());
    expect(tiered.clone().digest()).toBe(plain.digest());
  });
});

describe('the text packer', () => {
  it('packs a text of the dictionary samples’ shape smaller than deflate alone, and unpacks it exactly', () => {
    const item = (n: number) =>
      JSON.stringify({ journeys: { browse: { version: 1, enteredAt: `2019-10-0${n}T10:00:00.000Z` } }, n, ü: '한' });
    const packer = new TextPacker([item(1), item(2)]);
    const packed = packer.pack(item(3));
    expect(packer.unpack(packed)).toBe(item(3));
    expect(packed.length).toBeLessThan(new TextPacker(['x']).pack(item(3)).length);
  });
});
