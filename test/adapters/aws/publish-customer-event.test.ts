import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CustomerEventEntry,
  CustomerEventPublishError,
  publishCustomerEvent,
  publishCustomerEvents,
} from '../../../adapters/aws/publish-customer-event.ts';
import { ConsoleTelemetry } from '../../../cli/local/console-telemetry.ts';
import { startLocalRuntime } from '../../../cli/local/runtime.ts';
import { InvalidCustomerEventError } from '../../../core/errors.ts';

const noWait = { maxAttempts: 3, baseDelayMs: 0, sleep: async () => {} };
const now = () => Date.parse('2026-11-23T10:00:00Z');
const order = {
  orderId: 'o-1',
  total: 39000,
  currency: 'KRW',
  items: [{ productId: 'p-1', quantity: 1, price: 39000 }],
};
const view = (n: number): CustomerEventEntry => ({
  detailType: 'product.viewed',
  detail: { customerId: `c-${n}`, productId: `p-${n}` },
});
const accepted = (count: number, from = 0) => ({
  FailedEntryCount: 0,
  Entries: Array.from({ length: count }, (_, n) => ({ EventId: `bus-${from + n}` })),
});

const bus = new EventBridgeClient({ region: 'eu-central-1' });
const eventBridge = mockClient(bus);
const client = () => bus;
afterEach(() => eventBridge.reset());

describe('publishCustomerEvent', () => {
  it('puts one entry on the journeys bus with v, eventId and occurredAt filled in', async () => {
    eventBridge.on(PutEventsCommand).resolves(accepted(1));
    const result = await publishCustomerEvent(client(), {
      source: 'shop.web',
      detailType: 'order.placed',
      detail: { customerId: 'c-42', ...order },
      now,
    });
    const entries = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries;
    expect(entries).toHaveLength(1);
    const [entry] = entries ?? [];
    expect(entry).toMatchObject({ EventBusName: 'journeys', Source: 'shop.web', DetailType: 'order.placed' });
    const detail = JSON.parse(entry?.Detail ?? '{}');
    expect(detail).toEqual({
      v: 1,
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurredAt: '2026-11-23T10:00:00.000Z',
      customerId: 'c-42',
      ...order,
    });
    expect(result).toEqual({ eventId: detail.eventId, busEventId: 'bus-0' });
  });

  it('keeps the eventId and occurredAt the publisher chose and uses the bus it names', async () => {
    eventBridge.on(PutEventsCommand).resolves(accepted(1));
    const eventId = '0b7f4d2e-8f57-4d3b-a1a4-0d6a4f0c1e11';
    await publishCustomerEvent(client(), {
      busName: 'journeys-staging',
      source: 'shop.app',
      detailType: 'consent.changed',
      detail: {
        eventId,
        occurredAt: '2026-11-23T19:00:00+09:00',
        customerId: 'c-1',
        channel: 'email',
        purpose: 'marketing',
        granted: true,
        source: 'signup-form',
        wordingVersion: 'v3',
      },
    });
    const [entry] = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(entry?.EventBusName).toBe('journeys-staging');
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({ eventId, occurredAt: '2026-11-23T19:00:00+09:00' });
  });

  it('rejects an event that breaks the contract before calling PutEvents', async () => {
    eventBridge.on(PutEventsCommand).resolves(accepted(1));
    const publish = publishCustomerEvent(client(), {
      source: 'shop.web',
      detailType: 'customer.profile_updated',
      detail: { customerId: 'c-1', contact: { phone: '010-1234-5678' } },
    });
    await expect(publish).rejects.toBeInstanceOf(InvalidCustomerEventError);
    await expect(publish).rejects.toThrow(/detail\.contact\.phone: must be an E\.164 phone number/);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('types the detail by detail-type, so an order without its order fields does not compile', () => {
    const call = () =>
      publishCustomerEvent(client(), {
        source: 'shop.web',
        detailType: 'order.placed',
        // @ts-expect-error orderId, total, currency and items are required for order.placed
        detail: { customerId: 'c-1', productId: 'p-1' },
      });
    expect(call).toBeTypeOf('function');
  });

  it('retries a throttled entry and throws CustomerEventPublishError when it keeps failing', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }] });
    const publish = publishCustomerEvent(client(), {
      source: 'shop.web',
      detailType: 'product.viewed',
      detail: { customerId: 'c-1', productId: 'p-1' },
      retry: noWait,
    });
    await expect(publish).rejects.toBeInstanceOf(CustomerEventPublishError);
    await expect(publish).rejects.toThrow(/after 3 attempt\(s\): ThrottlingException slow down/);
  });
});

describe('publishCustomerEvents', () => {
  it('sends chunks of 10 and returns one result per event in input order', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce(accepted(10, 0))
      .resolvesOnce(accepted(10, 10))
      .resolvesOnce(accepted(3, 20));
    const results = await publishCustomerEvents(client(), {
      source: 'shop.web',
      events: Array.from({ length: 23 }, (_, n) => view(n)),
    });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(results.map((result) => result.ok && result.busEventId)).toEqual(
      Array.from({ length: 23 }, (_, n) => `bus-${n}`),
    );
  });

  it('retries only the entries that failed transiently and reports permanent failures per event', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [
          { EventId: 'bus-a' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
          { ErrorCode: 'AccessDeniedException', ErrorMessage: 'not allowed' },
        ],
      })
      .resolves(accepted(1, 7));
    const results = await publishCustomerEvents(client(), {
      source: 'shop.web',
      events: [view(1), view(2), view(3)],
      retry: noWait,
    });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(2);
    const retried = calls[1]?.args[0].input.Entries?.map((entry) => JSON.parse(entry.Detail ?? '{}').productId);
    expect(retried).toEqual(['p-2']);
    expect(results).toMatchObject([
      { ok: true, busEventId: 'bus-a', attempts: 1 },
      { ok: true, busEventId: 'bus-7', attempts: 2 },
      { ok: false, errorCode: 'AccessDeniedException', errorMessage: 'not allowed', attempts: 1 },
    ]);
  });

  it('gives up on an entry after the bounded number of attempts and says so in its result', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const results = await publishCustomerEvents(client(), { source: 'shop.web', events: [view(1)], retry: noWait });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect(results).toMatchObject([{ ok: false, errorCode: 'InternalFailure', attempts: 3 }]);
  });

  it('names the position of the invalid event and publishes none of the batch', async () => {
    const publish = publishCustomerEvents(client(), {
      source: 'shop.web',
      events: [view(1), { detailType: 'cart.item_added', detail: { customerId: 'c-1', cartId: 'k' } } as never],
    });
    await expect(publish).rejects.toThrow(/events\[1\]\.detail\.productId: is required/);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});

describe('publishCustomerEvent against the local runtime', () => {
  it('is accepted by the local PutEvents endpoint and reaches the customer journeys', async () => {
    const runtime = await startLocalRuntime({
      dataDir: mkdtempSync(join(tmpdir(), 'journeys-publish-')),
      port: 0,
      inMemory: true,
      sweepIntervalMs: 0,
      telemetry: new ConsoleTelemetry(() => {}),
    });
    try {
      const bus = new EventBridgeClient({
        endpoint: runtime.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const results = await publishCustomerEvents(bus, {
        source: 'shop.web',
        events: [
          { detailType: 'customer.profile_updated', detail: { customerId: 'c-local', contact: { email: 'a@b.co' } } },
          { detailType: 'order.placed', detail: { customerId: 'c-local', ...order } },
        ],
      });
      expect(results.every((result) => result.ok)).toBe(true);
      await runtime.drain();
      const state = await runtime.services.table.load(await runtime.services.pseudonymOf('c-local'));
      expect(state.journeys.purchase?.status).toBe('active');
    } finally {
      await runtime.close();
    }
  });
});
