import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { describe, expect, inject, it } from 'vitest';
import {
  type CustomerEventEntry,
  publishCustomerEvent,
  publishCustomerEvents,
} from '../../../../adapters/aws/publish-customer-event.ts';
import { DEFAULT_BUS_NAME } from '../../../../core/contracts/sources.ts';
import { DUMMY_CREDENTIALS, harnessClients } from '../../harness/aws-clients.ts';
import { REGION } from '../../harness/deployed-stack.ts';
import { ensureBus, subscribe, uniqueName } from '../../harness/moto-fixtures.ts';
import { inputsOf, recordRequests } from '../../harness/request-log.ts';

// Contract checks before any call and per-entry failures moto cannot produce on demand (throttling, internal
// failures, access denied) are in test/adapters/aws/publish-customer-event.test.ts.
const endpoint = inject('motoEndpoint');
const clients = harnessClients(endpoint);
const now = () => Date.parse('2026-11-23T10:00:00Z');
const order = {
  orderId: 'o-1',
  total: 39000,
  currency: 'KRW',
  items: [{ productId: 'p-1', quantity: 1, price: 39000 }],
};

function busClient() {
  const client = new EventBridgeClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  return { client, sent: recordRequests(client) };
}

describe('publishCustomerEvent on moto', () => {
  it('puts one entry on the journeys bus with v, eventId and occurredAt filled in', async () => {
    // The default bus is shared with the stack other files provision: match this test's customer only.
    const customerId = uniqueName('c-42');
    const subscriber = await subscribe(clients, await ensureBus(clients, DEFAULT_BUS_NAME), {
      detail: { customerId: [customerId] },
    });
    const { client, sent } = busClient();

    const result = await publishCustomerEvent(client, {
      source: 'shop.web',
      detailType: 'order.placed',
      detail: { customerId, ...order },
      now,
    });

    expect(inputsOf<{ Entries: unknown[] }>(sent, 'PutEvents').map((input) => input.Entries.length)).toEqual([1]);
    const [envelope, ...more] = await subscriber.delivered();
    expect(more).toEqual([]);
    expect(envelope).toMatchObject({ source: 'shop.web', 'detail-type': 'order.placed' });
    expect(envelope?.detail).toEqual({
      v: 1,
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurredAt: '2026-11-23T10:00:00.000Z',
      customerId,
      ...order,
    });
    expect(result).toEqual({ eventId: envelope?.detail.eventId, busEventId: envelope?.id });
  });

  it('keeps the eventId and occurredAt the publisher chose and uses the bus it names', async () => {
    const busName = await ensureBus(clients, uniqueName('journeys-staging'));
    const subscriber = await subscribe(clients, busName, { source: ['shop.app'] });
    const eventId = '0b7f4d2e-8f57-4d3b-a1a4-0d6a4f0c1e11';

    await publishCustomerEvent(busClient().client, {
      busName,
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

    const delivered = await subscriber.delivered();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.detail).toMatchObject({ eventId, occurredAt: '2026-11-23T19:00:00+09:00' });
  });
});

describe('publishCustomerEvents on moto', () => {
  it('sends chunks of 10 and returns one result per event in input order', async () => {
    const busName = await ensureBus(clients, uniqueName('journeys'));
    const subscriber = await subscribe(clients, busName, { 'detail-type': ['product.viewed'] });
    const { client, sent } = busClient();
    const view = (n: number): CustomerEventEntry => ({
      detailType: 'product.viewed',
      detail: { customerId: `c-${n}`, productId: `p-${n}` },
    });

    const results = await publishCustomerEvents(client, {
      busName,
      source: 'shop.web',
      events: Array.from({ length: 23 }, (_, n) => view(n)),
    });

    expect(inputsOf<{ Entries: unknown[] }>(sent, 'PutEvents').map((input) => input.Entries.length)).toEqual([
      10, 10, 3,
    ]);
    const delivered = await subscriber.delivered();
    expect(delivered).toHaveLength(23);
    const byProduct = new Map(delivered.map((envelope) => [envelope.detail.productId, envelope]));
    results.forEach((result, n) => {
      const envelope = byProduct.get(`p-${n}`);
      expect(result).toEqual({
        ok: true,
        detailType: 'product.viewed',
        eventId: envelope?.detail.eventId,
        busEventId: envelope?.id,
        attempts: 1,
      });
    });
  });
});
