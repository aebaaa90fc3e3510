import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { ConsoleTelemetry } from '../../cli/local/console-telemetry.ts';
import { type LocalRuntime, startLocalRuntime } from '../../cli/local/runtime.ts';
import { hours, minutes } from '../../core/time.ts';
import { writeTestKeyring } from '../support/test-keyring.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let clockMs = Date.parse('2026-11-23T09:00:00Z');
const clock = { now: () => clockMs };
const lines: string[] = [];
const running: LocalRuntime[] = [];

async function start(dataDir: string): Promise<LocalRuntime> {
  const runtime = await startLocalRuntime({
    dataDir,
    port: 0,
    clock,
    sweepIntervalMs: 0,
    telemetry: new ConsoleTelemetry((line) => lines.push(line)),
    retryDelayMs: () => 1,
  });
  running.push(runtime);
  return runtime;
}

const newDataDir = () => writeTestKeyring(mkdtempSync(join(tmpdir(), 'journeys-')));

afterEach(async () => {
  for (const runtime of running.splice(0)) await runtime.close();
});

const entry = (detailType: string, customerId: string, payload: Record<string, unknown>): PutEventsRequestEntry => ({
  EventBusName: 'journeys',
  Source: 'shop.web',
  DetailType: detailType,
  Detail: JSON.stringify({
    v: 1,
    eventId: randomUUID(),
    occurredAt: new Date(clockMs).toISOString(),
    customerId,
    ...payload,
  }),
});
const setUp = (customerId: string) => [
  entry('customer.profile_updated', customerId, {
    contact: { email: `${customerId}@example.com` },
    timeZone: 'Europe/Berlin',
  }),
  entry('consent.changed', customerId, {
    channel: 'email',
    purpose: 'marketing',
    granted: true,
    source: 'checkout',
    wordingVersion: 'v2',
  }),
];
const cartAdd = (customerId: string) =>
  entry('cart.item_added', customerId, {
    cartId: 'k1',
    productId: 'sku-7',
    quantity: 1,
    itemCount: 1,
    cartValue: 49,
    currency: 'EUR',
  });
const outbox = (runtime: LocalRuntime) =>
  existsSync(runtime.paths.mailbox)
    ? readFileSync(runtime.paths.mailbox, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : [];

async function publish(runtime: LocalRuntime, entries: PutEventsRequestEntry[]) {
  const bus = new EventBridgeClient({ endpoint: runtime.endpoint, region: 'local', credentials });
  const result = await bus.send(new PutEventsCommand({ Entries: entries }));
  await runtime.drain();
  return result;
}

describe('local runtime (embedded default, real AWS SDK clients)', () => {
  it('sends the cart reminder to the outbox once the virtual clock passes the hour and the sweeper runs', async () => {
    const runtime = await start(await newDataDir());
    await publish(runtime, [...setUp('c-cart'), cartAdd('c-cart')]);
    clockMs += minutes(59);
    await runtime.tick();
    const reminders = () => outbox(runtime).filter((line) => line.template !== 'consent-receipt');
    expect(reminders()).toEqual([]);
    clockMs += minutes(3);
    await runtime.tick();
    expect(reminders()).toMatchObject([{ template: 'cart-reminder', channel: 'email', to: 'c***@example.com' }]);
    expect(readFileSync(runtime.paths.mailbox, 'utf8')).not.toContain('c-cart@example.com');
    expect(lines.some((line) => line.includes('cart-reminder') && line.includes('send'))).toBe(true);
  });

  it('answers per-entry errors like EventBridge and processes the valid entries of the same batch', async () => {
    const runtime = await start(await newDataDir());
    const result = await publish(runtime, [
      ...setUp('c-batch'),
      { Source: 'shop.web', DetailType: 'cart.item_added', Detail: 'not json' },
      { DetailType: 'cart.item_added', Detail: '{}' },
      entry('cart.item_added', 'c-batch', { cartId: 'k', productId: 'p', quantity: 1 }),
      entry('order.placed', 'c-batch', {
        orderId: 'o-9',
        total: 10,
        currency: 'EUR',
        items: [{ productId: 'p', quantity: 1, price: 10 }],
      }),
    ]);
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.[2]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(result.Entries?.[3]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
    });
    expect(result.Entries?.[4]?.EventId).toBeTruthy();
    const rejected = readFileSync(runtime.paths.rejected, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejected).toMatchObject([
      { detailType: 'cart.item_added', issues: [{ field: 'detail.itemCount', rule: 'is required' }] },
    ]);
    expect(outbox(runtime)).toMatchObject([{ template: 'order-confirmation', subject: 'Order o-9 confirmed' }]);
  });

  it('refuses a request of more than 10 entries as a whole', async () => {
    const runtime = await start(await newDataDir());
    const eleven = Array.from({ length: 11 }, () => cartAdd('c-many'));
    await expect(publish(runtime, eleven)).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('erases a customer and then drops events that happened before the erasure, but not later ones', async () => {
    const runtime = await start(await newDataDir());
    await publish(runtime, [...setUp('c-erase'), cartAdd('c-erase')]);
    const before = new Date(clockMs).toISOString();
    clockMs += minutes(5);
    await publish(runtime, [entry('privacy.erasure_requested', 'c-erase', { requestId: 'req-1' })]);
    const pseudonym = await runtime.services.pseudonymOf('c-erase');
    const dynamo = localDynamoClient(runtime.dynamoEndpoint);
    const items = async () => {
      const scan = await dynamo.send(
        new QueryCommand({
          TableName: 'journeys',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `C#${pseudonym}` } },
        }),
      );
      return scan.Items?.map((item) => item.sk?.S);
    };
    // The tombstone and the erasure's receipt (the counts it announced, decision 0013).
    expect(await items()).toEqual([expect.stringMatching(/^ERASURE#/), 'STATE']);
    expect(await runtime.services.table.load(pseudonym)).toMatchObject({ journeys: {}, has: {}, consent: {} });
    await publish(runtime, [
      {
        ...cartAdd('c-erase'),
        Detail: JSON.stringify({ ...JSON.parse(cartAdd('c-erase').Detail ?? '{}'), occurredAt: before }),
      },
    ]);
    expect((await runtime.services.table.load(pseudonym)).journeys).toEqual({});
    clockMs += minutes(1);
    await publish(runtime, [cartAdd('c-erase')]);
    expect((await runtime.services.table.load(pseudonym)).journeys.cart?.status).toBe('active');
    dynamo.destroy();
  });

  it('keeps state across a restart: a timer set before the restart fires after it', async () => {
    const dataDir = await newDataDir();
    const first = await start(dataDir);
    await publish(first, [...setUp('c-restart'), cartAdd('c-restart')]);
    await first.close();
    running.splice(running.indexOf(first), 1);
    const second = await start(dataDir);
    expect(second.keyringCreated).toBe(false);
    clockMs += hours(1) + minutes(2);
    await second.tick();
    expect(outbox(second).map((line) => line.template)).toContain('cart-reminder');
  });
});
