import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('spills packed items to a file when asked, and loads them back as saved', async () => {
    const table = new MemoryCustomerTable({ hotItems: 1, spillTo: join(mkdtempSync(join(tmpdir(), 'cold-')), 'x') });
    const saved = [];
    for (const pseudonym of ['p1', 'p2', 'p3']) saved.push(await table.save(customer(pseudonym), 0));
    expect(table.tiers()).toEqual({ plain: 1, packed: 2 });
    for (const state of saved) expect(await table.load(state.pseudonym)).toEqual(state);
    table.close();
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
    const packed = String(packer.pack(item(3)));
    expect(packer.unpack(packed)).toBe(item(3));
    expect(packed.length).toBeLessThan(String(new TextPacker(['x']).pack(item(3))).length);
  });

  it('spills packed texts to its file and reads each back, short or longer than its read buffer', () => {
    const spillTo = join(mkdtempSync(join(tmpdir(), 'packed-')), 'spill');
    const packer = new TextPacker(['{"a":1}'], { spillTo });
    const long = JSON.stringify({ seen: Array.from({ length: 3000 }, (_, n) => `${n}-${(n * 7919) % 10007}`) });
    const texts = ['{"a":2}', long, '{"a":3}'];
    const positions = texts.map((text) => packer.pack(text));
    expect(positions.every((at) => typeof at === 'number')).toBe(true);
    expect(existsSync(spillTo)).toBe(false);
    expect(positions.map((at) => packer.unpack(at))).toEqual(texts);
    packer.close();
  });
});
