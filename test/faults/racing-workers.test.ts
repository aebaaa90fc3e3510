import { describe, expect, it } from 'vitest';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { IngestMessage } from '../../core/messages/queue-messages.ts';
import type { ChannelSender } from '../../core/ports/messaging.ts';
import { toIso, toMs } from '../../core/time.ts';
import { handleDelivery } from '../../core/use-cases/handle-delivery.ts';
import { handleIngestMessage } from '../../core/use-cases/handle-ingest-message.ts';
import { confirmation, DELIVERY_AT, deliveryWorld, sentAnnouncements } from './delivery-world.ts';
import { everySchedule, Interleaver } from './interleaving.ts';
import { SimWorld } from './sim-world.ts';

/**
 * Two workers handle two messages of the same customer at the same time (two Lambda instances, two SQS messages);
 * their port calls are interleaved in every possible order. Whatever the order, the result must be that of running
 * the two one after the other (in one order or the other): both applied, nothing decided twice or lost, every send
 * queued and sent once, no outbox left behind.
 */

const T0 = toMs('2026-11-23T10:00:00.000Z');
const CUSTOMER = 'race-customer-1';
let counter = 0;
const event = (detailType: string, at: number, payload: Record<string, unknown>): IngestMessage => ({
  kind: 'customer-event',
  detailType,
  detail: {
    v: 1,
    eventId: `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`,
    occurredAt: toIso(at),
    customerId: CUSTOMER,
    ...payload,
  },
});

const profile = event('customer.profile_updated', T0 - 86_400_000, {
  contact: { email: 'race@example.test', firstName: 'Ana' },
  timeZone: 'Europe/Berlin',
  country: 'DE',
});
const consent = event('consent.changed', T0 - 86_400_000, {
  channel: 'email',
  purpose: 'marketing',
  granted: true,
  source: 'signup',
  wordingVersion: 'v1',
});
const cartAdd = (at: number) =>
  event('cart.item_added', at, {
    cartId: 'cart-1',
    productId: 'sku-1',
    quantity: 1,
    itemCount: 1,
    cartValue: 20,
    currency: 'EUR',
  });
const order = (at: number) =>
  event('order.placed', at, {
    orderId: 'o-1',
    total: 20,
    currency: 'EUR',
    items: [{ productId: 'sku-1', quantity: 1, price: 20 }],
  });
const view = (at: number) => event('product.viewed', at, { productId: 'sku-2', price: 5, currency: 'EUR' });
const withdraw = (at: number) =>
  event('consent.changed', at, {
    channel: 'email',
    purpose: 'marketing',
    granted: false,
    source: 'unsubscribe',
    wordingVersion: 'v1',
  });

interface Scenario {
  name: string;
  setup: IngestMessage[];
  /** Virtual time of the race. */
  at: number;
  /** The two messages raced; `timer` stands for the customer's `timer.due`. */
  racing: [IngestMessage | 'timer', IngestMessage | 'timer'];
}

const GATED = ['load', 'save', 'clearOutbox', 'append', 'send', 'publish'];

async function drainDeliveries(world: SimWorld): Promise<void> {
  for (let entries = world.deliveryQueue.take(); entries.length > 0; entries = world.deliveryQueue.take()) {
    for (const entry of entries) await handleDelivery(entry.message as DeliveryRequest, world.deliver);
  }
}

async function prepared(scenario: Scenario): Promise<{ world: SimWorld; messages: IngestMessage[] }> {
  const world = new SimWorld();
  for (const message of scenario.setup) {
    world.clock.set(toMs(String((message as { detail: { occurredAt: string } }).detail.occurredAt)));
    await handleIngestMessage(message, world.ingest);
  }
  world.clock.set(scenario.at);
  await drainDeliveries(world);
  const pseudonym = await world.ingest.pseudonymizer.pseudonymOf(CUSTOMER);
  const messages = scenario.racing.map((message) =>
    message === 'timer' ? { kind: 'timer-due' as const, pseudonym } : message,
  );
  return { world, messages };
}

/** What the two messages left: the customer (version aside), decisions, queued and sent messages, events. */
async function resultOf(world: SimWorld): Promise<string> {
  await drainDeliveries(world);
  const pseudonym = await world.ingest.pseudonymizer.pseudonymOf(CUSTOMER);
  const { v: _v, ...customer } = await world.table.load(pseudonym);
  const sorted = (keys: Iterable<string>) => [...keys].sort();
  return JSON.stringify({
    customer,
    decided: sorted(world.decided.counts.keys()),
    enqueued: sorted(world.enqueued.counts.keys()),
    delivered: [...world.channel.delivered.counts].sort(),
    events: sorted(world.bus.published.counts.keys()),
  });
}

async function serial(scenario: Scenario, order: [number, number]): Promise<string> {
  const { world, messages } = await prepared(scenario);
  for (const index of order) await handleIngestMessage(messages[index] as IngestMessage, world.ingest);
  return resultOf(world);
}

async function race(scenario: Scenario, limit: number) {
  const serialResults = new Set([await serial(scenario, [0, 1]), await serial(scenario, [1, 0])]);
  const stats = { conflicts: 0, redeliveries: 0, mismatches: [] as string[] };
  const explored = await everySchedule(async (choose) => {
    const { world, messages } = await prepared(scenario);
    const interleaver = new Interleaver();
    const portsOf = (worker: number) => ({
      ...world.ingest,
      store: interleaver.wrap(worker, world.ingest.store, GATED),
      decisionLog: interleaver.wrap(worker, world.ingest.decisionLog, GATED),
      deliveries: interleaver.wrap(worker, world.ingest.deliveries, GATED),
      events: interleaver.wrap(worker, world.ingest.events, GATED),
      privacy: interleaver.wrap(worker, world.ingest.privacy, GATED),
    });
    const workers = messages.map((message, worker) => () => handleIngestMessage(message, portsOf(worker)));
    const results = await interleaver.run(workers, choose);
    for (const [index, result] of results.entries()) {
      if (result.ok) continue;
      // The queue delivers a failed message again, after the other worker is done.
      stats.redeliveries += 1;
      await handleIngestMessage(messages[index] as IngestMessage, world.ingest);
    }
    if (interleaver.failures.has('VersionConflictError')) stats.conflicts += 1;
    const result = await resultOf(world);
    if (!serialResults.has(result)) stats.mismatches.push(result);
  }, limit);
  return { ...explored, ...stats, serialOrdersDiffer: serialResults.size > 1 };
}

const scenarios: Scenario[] = [
  {
    name: 'cart add vs order',
    setup: [profile, consent],
    at: T0 + 600_000,
    racing: [cartAdd(T0 + 540_000), order(T0 + 570_000)],
  },
  {
    name: 'view vs consent withdrawal',
    setup: [profile, consent, cartAdd(T0)],
    at: T0 + 600_000,
    racing: [view(T0 + 590_000), withdraw(T0 + 595_000)],
  },
  {
    name: 'timer due vs cart add',
    setup: [profile, consent, cartAdd(T0)],
    at: T0 + 5 * 3_600_000,
    racing: ['timer', cartAdd(T0 + 5 * 3_600_000 - 1000)],
  },
];

/** Two deliveries of the same message at once (SQS delivered it twice): one send, whatever the interleaving. */
async function deliveryRace(limit: number) {
  const stats = { outcomes: new Map<string, number>(), mismatches: [] as string[] };
  const explored = await everySchedule(async (choose) => {
    const world = await deliveryWorld([], false);
    const interleaver = new Interleaver();
    const portsOf = (worker: number) => ({
      ...world.deliver,
      store: interleaver.wrap(worker, world.deliver.store, GATED),
      ledger: interleaver.wrap(worker, world.deliver.ledger, ['claim', 'complete', 'release']),
      events: interleaver.wrap(worker, world.deliver.events, GATED),
      channels: { email: interleaver.wrap(worker, world.deliver.channels.email as ChannelSender, GATED) },
    });
    const results = await interleaver.run(
      [0, 1].map((worker) => () => handleDelivery(confirmation, portsOf(worker))),
      choose,
    );
    const statuses = results.map((result) => (result.ok ? result.value.status : (result.error as Error).name)).sort();
    stats.outcomes.set(statuses.join('+'), (stats.outcomes.get(statuses.join('+')) ?? 0) + 1);
    if (results.some((result) => !result.ok)) {
      world.clock.set(DELIVERY_AT + 180_000);
      await handleDelivery(confirmation, world.deliver);
    }
    const sends = world.channel.delivered.counts.get(confirmation.messageId);
    if (sends !== 1 || sentAnnouncements(world) !== 1) stats.mismatches.push(`${statuses} → ${sends} sends`);
  }, limit);
  return { ...explored, ...stats };
}

describe('two workers racing on one customer', () => {
  it('two deliveries of one message: exactly one send and one message.sent, every interleaving', async () => {
    const outcome = await deliveryRace(3000);
    console.log(
      `race "same delivery twice": ${outcome.schedules} interleavings${outcome.exhaustive ? ' (all)' : ''}, ` +
        `outcomes ${[...outcome.outcomes].map(([statuses, count]) => `${statuses} ×${count}`).join(', ')}`,
    );
    expect(outcome.mismatches.slice(0, 1)).toEqual([]);
    expect(outcome.exhaustive).toBe(true);
  }, 60_000);

  for (const scenario of scenarios) {
    it(`${scenario.name}: every interleaving of their port calls ends as a serial run`, async () => {
      const outcome = await race(scenario, 3000);
      console.log(
        `race "${scenario.name}": ${outcome.schedules} interleavings${outcome.exhaustive ? ' (all)' : ''}, ` +
          `${outcome.conflicts} with a version conflict, ${outcome.redeliveries} redeliveries, ` +
          `serial orders ${outcome.serialOrdersDiffer ? 'differ' : 'agree'}`,
      );
      expect(outcome.mismatches.slice(0, 1)).toEqual([]);
      expect(outcome.schedules).toBeGreaterThan(10);
      expect(outcome.exhaustive).toBe(true);
    }, 120_000);
  }
});
