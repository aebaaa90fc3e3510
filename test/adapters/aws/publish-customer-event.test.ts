import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import {
  type CustomerEventEntry,
  CustomerEventPublishError,
  publishCustomerEvent,
  publishCustomerEvents,
} from '../../../adapters/aws/publish-customer-event.ts';
import { ConsoleTelemetry } from '../../../cli/local/console-telemetry.ts';
import { startLocalRuntime } from '../../../cli/local/runtime.ts';
import { InvalidCustomerEventError } from '../../../core/errors.ts';
import { scriptedClient } from '../../support/scripted-client.ts';

// What EventBridge really receives (defaults, the named bus, chunks of 10, results in input order) is tested on
// moto: test/aws/adapters/aws/publish-customer-event.aws-test.ts. Here: the contract checks made before any call,
// and per-entry failures moto cannot produce on demand, from a scripted `send`.
const noWait = { maxAttempts: 3, baseDelayMs: 0, sleep: async () => {} };
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
type PutEventsInput = { Entries: PutEventsRequestEntry[] };

describe('publishCustomerEvent', () => {
  it('rejects an event that breaks the contract before calling PutEvents', async () => {
    const { client, inputs } = scriptedClient<EventBridgeClient>();
    const publish = publishCustomerEvent(client, {
      source: 'shop.web',
      detailType: 'customer.profile_updated',
      detail: { customerId: 'c-1', contact: { phone: '010-1234-5678' } },
    });
    await expect(publish).rejects.toBeInstanceOf(InvalidCustomerEventError);
    await expect(publish).rejects.toThrow(/detail\.contact\.phone: must be an E\.164 phone number/);
    expect(inputs).toHaveLength(0);
  });

  it('types the detail by detail-type, so an order without its order fields does not compile', () => {
    const { client } = scriptedClient<EventBridgeClient>();
    const call = () =>
      publishCustomerEvent(client, {
        source: 'shop.web',
        detailType: 'order.placed',
        // @ts-expect-error orderId, total, currency and items are required for order.placed
        detail: { customerId: 'c-1', productId: 'p-1' },
      });
    expect(call).toBeTypeOf('function');
  });

  it('retries an entry EventBridge keeps throttling and throws CustomerEventPublishError (scripted answers)', async () => {
    const { client, inputs } = scriptedClient<EventBridgeClient>(() => ({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
    }));
    const publish = publishCustomerEvent(client, {
      source: 'shop.web',
      detailType: 'product.viewed',
      detail: { customerId: 'c-1', productId: 'p-1' },
      retry: noWait,
    });
    await expect(publish).rejects.toBeInstanceOf(CustomerEventPublishError);
    await expect(publish).rejects.toThrow(/after 3 attempt\(s\): ThrottlingException slow down/);
    expect(inputs).toHaveLength(3);
  });
});

describe('publishCustomerEvents', () => {
  it('retries only transient entry failures and reports permanent ones per event (scripted answers)', async () => {
    const { client, inputs } = scriptedClient<EventBridgeClient, PutEventsInput>((_, call) =>
      call === 1
        ? {
            FailedEntryCount: 2,
            Entries: [
              { EventId: 'bus-a' },
              { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
              { ErrorCode: 'AccessDeniedException', ErrorMessage: 'not allowed' },
            ],
          }
        : { FailedEntryCount: 0, Entries: [{ EventId: 'bus-7' }] },
    );
    const results = await publishCustomerEvents(client, {
      source: 'shop.web',
      events: [view(1), view(2), view(3)],
      retry: noWait,
    });
    expect(inputs).toHaveLength(2);
    expect(inputs[1]?.Entries.map((entry) => JSON.parse(entry.Detail ?? '{}').productId)).toEqual(['p-2']);
    expect(results).toMatchObject([
      { ok: true, busEventId: 'bus-a', attempts: 1 },
      { ok: true, busEventId: 'bus-7', attempts: 2 },
      { ok: false, errorCode: 'AccessDeniedException', errorMessage: 'not allowed', attempts: 1 },
    ]);
  });

  it('gives up on an entry after the bounded number of attempts and says so in its result (scripted answers)', async () => {
    const { client, inputs } = scriptedClient<EventBridgeClient>(() => ({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure' }],
    }));
    const results = await publishCustomerEvents(client, { source: 'shop.web', events: [view(1)], retry: noWait });
    expect(inputs).toHaveLength(3);
    expect(results).toMatchObject([{ ok: false, errorCode: 'InternalFailure', attempts: 3 }]);
  });

  it('names the position of the invalid event and publishes none of the batch', async () => {
    const { client, inputs } = scriptedClient<EventBridgeClient>();
    const publish = publishCustomerEvents(client, {
      source: 'shop.web',
      events: [view(1), { detailType: 'cart.item_added', detail: { customerId: 'c-1', cartId: 'k' } } as never],
    });
    await expect(publish).rejects.toThrow(/events\[1\]\.detail\.productId: is required/);
    expect(inputs).toHaveLength(0);
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
