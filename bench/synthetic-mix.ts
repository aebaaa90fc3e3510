/**
 * A synthetic event file shaped like REES46 (product views, cart adds and removes, orders, USD prices, sessions as
 * carts) but spread over months, with returning customers who order again weeks later: gzip JSONL in time order,
 * one `{ "detailType", "detail" }` per line, seeded (the same options give the same bytes). Profiles and consents
 * are not in the file: replay adds them as it does for REES46 (`--profiles synthetic`).
 * `node bench/synthetic-mix.ts [--events 1000000] [--customers 100000] [--days 120] [--seed 42] [--out path] [--force]`
 */

import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { uuidFrom } from '../cli/replay/rees46.ts';
import type { SourceEvent } from '../cli/replay/sources.ts';
import { random } from '../cli/replay/synthetic-profiles.ts';
import { fnv1a } from '../core/hash.ts';
import { days as daysMs, toIso } from '../core/time.ts';

export interface MixOptions {
  events: number;
  customers: number;
  days: number;
  seed: number;
}

export const DEFAULT_MIX: MixOptions = { events: 1_000_000, customers: 100_000, days: 120, seed: 42 };
/** Day 0 of the mix (the REES46 sample's month, so both inputs share calendars and time zones). */
const START = Date.parse('2019-10-01T00:00:00Z');
const PRODUCTS = 5000;
const CATEGORIES = [
  'electronics.smartphone',
  'appliances.kitchen',
  'apparel.shoes',
  'furniture.living_room',
  'computers.notebook',
  'kids.toys',
  'sport.bicycle',
  'beauty.skincare',
  'auto.accessories',
  'construction.tools',
];

export const mixPath = (options: MixOptions) =>
  `/tmp/journeys-synthetic-${options.events}-${options.customers}-${options.days}d-seed${options.seed}.jsonl.gz`;

const priceOf = (product: number) => 2 + (fnv1a(`price:${product}`) % 60_000) / 100;
/** Popular products are viewed far more often (a skewed pick over the catalogue). */
const pickProduct = (next: () => number) => Math.floor(PRODUCTS * next() ** 2.5);

/** The days on which each customer has a session: a first visit, then returns after ~2 weeks on average. */
function sessionDays(options: MixOptions): number[][] {
  const byDay: number[][] = Array.from({ length: options.days }, () => []);
  const next = random(options.seed);
  for (let customer = 0; customer < options.customers; customer += 1) {
    let day = Math.floor(next() * options.days);
    const returning = next() < 0.45;
    while (day < options.days) {
      byDay[day]?.push(customer);
      if (!returning) break;
      if (next() < 0.25) break;
      day += 1 + Math.floor(-Math.log(1 - next()) * 14);
    }
  }
  return byDay;
}

/** One session of one customer on `day`: views, some cart changes, maybe an order; times within the day. */
function sessionEvents(options: MixOptions, customer: number, day: number): Array<{ at: number; event: SourceEvent }> {
  const next = random(fnv1a(`${options.seed}:${customer}:${day}`));
  const customerId = `syn-${customer}`;
  const session = `s-${options.seed}-${customer}-${day}`;
  const out: Array<{ at: number; event: SourceEvent }> = [];
  let at = START + daysMs(day) + Math.floor(next() * 82_800) * 1000;
  let n = 0;
  const push = (detailType: string, payload: Record<string, unknown>) => {
    const eventId = uuidFrom(`synthetic-mix:${options.seed}:${session}:${n++}`);
    out.push({ at, event: { detailType, detail: { v: 1, eventId, occurredAt: toIso(at), customerId, ...payload } } });
    at += (5 + Math.floor(next() * 120)) * 1000;
  };
  const cart: number[] = [];
  const value = () => Math.round(cart.reduce((sum, product) => sum + priceOf(product), 0) * 100) / 100;
  const views = 1 + Math.floor(-Math.log(1 - next()) * 4.5);
  for (let view = 0; view < views; view += 1) {
    const product = pickProduct(next);
    const price = priceOf(product);
    push('product.viewed', { productId: String(product), category: CATEGORIES[product % 10], price, currency: 'USD' });
    if (next() < 0.09) {
      cart.push(product);
      const line = { cartId: session, productId: String(product), quantity: 1, itemCount: cart.length };
      push('cart.item_added', { ...line, cartValue: value(), currency: 'USD' });
      if (next() < 0.12) {
        cart.pop();
        const removed = { ...line, itemCount: cart.length };
        push('cart.item_removed', { ...removed, cartValue: value(), currency: 'USD' });
      }
    }
  }
  if (cart.length > 0 && next() < 0.55) {
    const items = cart.map((product) => ({ productId: String(product), quantity: 1, price: priceOf(product) }));
    push('order.placed', { orderId: `${session}-order`, total: value(), currency: 'USD', items });
  }
  return out;
}

/** The mix as a stream of events in time order (one day in memory at a time), at most `options.events`. */
export function* syntheticMix(options: MixOptions): Generator<SourceEvent> {
  const byDay = sessionDays(options);
  let written = 0;
  for (let day = 0; day < options.days && written < options.events; day += 1) {
    const events = (byDay[day] ?? []).flatMap((customer) => sessionEvents(options, customer, day));
    events.sort((a, b) => a.at - b.at);
    for (const { event } of events) {
      if (written++ >= options.events) return;
      yield event;
    }
  }
}

/** Writes the mix to `mixPath(options)` unless it exists; returns the path and how many events it holds. */
export async function ensureSyntheticMix(options: MixOptions = DEFAULT_MIX, force = false): Promise<string> {
  const path = mixPath(options);
  if (existsSync(path) && !force) return path;
  const gzip = createGzip({ level: 6 });
  const file = createWriteStream(`${path}.partial`);
  gzip.pipe(file);
  let lines: string[] = [];
  for (const event of syntheticMix(options)) {
    lines.push(JSON.stringify(event));
    if (lines.length < 2000) continue;
    if (!gzip.write(`${lines.join('\n')}\n`)) await once(gzip, 'drain');
    lines = [];
  }
  if (lines.length > 0) gzip.write(`${lines.join('\n')}\n`);
  gzip.end();
  await once(file, 'close');
  renameSync(`${path}.partial`, path);
  return path;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      customers: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const options: MixOptions = {
    events: Number(values.events ?? DEFAULT_MIX.events),
    customers: Number(values.customers ?? DEFAULT_MIX.customers),
    days: Number(values.days ?? DEFAULT_MIX.days),
    seed: Number(values.seed ?? DEFAULT_MIX.seed),
  };
  const started = performance.now();
  const path = await ensureSyntheticMix(options, values.force);
  console.log(`${path} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
