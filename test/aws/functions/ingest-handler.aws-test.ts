import { randomUUID } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { EventBridgePublisher } from '../../../adapters/aws/eventbridge-publisher.ts';
import { SqsQueue } from '../../../adapters/aws/sqs-queue.ts';
import { HmacPseudonymizer } from '../../../adapters/crypto/pseudonymizer.ts';
import { DynamoCustomerTable } from '../../../adapters/dynamodb/customer-table.ts';
import { deliveryCodec, privacyCodec, type QueueCodec, rejectedCodec } from '../../../core/messages/queue-messages.ts';
import type { Telemetry } from '../../../core/ports/telemetry.ts';
import { handler, ports } from '../../../functions/ingest.ts';
import { policy, registry } from '../../../journeys/index.ts';
import { testVault } from '../../support/test-vault.ts';
import { DUMMY_CREDENTIALS, harnessClients } from '../harness/aws-clients.ts';
import { REGION } from '../harness/deployed-stack.ts';
import {
  createJourneyTable,
  createQueue,
  ensureBus,
  subscribe,
  takeMessages,
  uniqueName,
} from '../harness/moto-fixtures.ts';
import { recordRequests } from '../harness/request-log.ts';

/**
 * The ingest Lambda handler in this process, wired to the real adapters on moto: journey table (DynamoDB), delivery,
 * privacy and rejected queues (SQS), outbound bus (EventBridge), each created for the test. What it did is read back
 * from moto. (The whole deployed stack, with ingest in its own process, is customer-story.aws-test.ts.)
 */
const endpoint = inject('motoEndpoint');
const clients = harnessClients(endpoint);
const config = { endpoint, region: REGION, credentials: DUMMY_CREDENTIALS };
const noWait = { maxAttempts: 2, baseDelayMs: 0, sleep: async () => {} };
const silent: Telemetry = { info: () => {}, warn: () => {}, error: () => {}, count: () => {} };
const context = { functionName: 'ingest', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as Context;
const pseudonymizer = new HmacPseudonymizer(async () => Buffer.alloc(32, 7));

/** Wires `functions/ingest.ts` to fresh resources on moto; `failFor` makes the store fail to load that pseudonym. */
async function wire(failFor?: string) {
  const [tableName, delivery, privacy, rejected, busName] = await Promise.all([
    createJourneyTable(clients),
    createQueue(clients, 'delivery'),
    createQueue(clients, 'privacy'),
    createQueue(clients, 'rejected'),
    ensureBus(clients, uniqueName('journeys')),
  ]);
  const announced = await subscribe(clients, busName, { source: ['journeys.orchestrator'] });
  const dynamodb = new DynamoDBClient(config);
  const dynamoRequests = recordRequests(dynamodb);
  const table = new DynamoCustomerTable({ client: dynamodb, tableName });
  const store = {
    load: async (pseudonym: string) => {
      if (pseudonym === failFor) throw new Error('injected store outage');
      return table.load(pseudonym);
    },
    save: table.save.bind(table),
    clearOutbox: table.clearOutbox.bind(table),
  };
  const sqs = new SQSClient(config);
  const queueAt = <T>(url: string, codec: QueueCodec<T>) =>
    new SqsQueue({ client: sqs, queueUrl: url, codec, retry: noWait });
  ports.use({
    store,
    decisionLog: table,
    deliveries: queueAt(delivery.url, deliveryCodec),
    events: new EventBridgePublisher({ client: new EventBridgeClient(config), busName, retry: noWait }),
    privacy: queueAt(privacy.url, privacyCodec),
    rejected: queueAt(rejected.url, rejectedCodec),
    pseudonymizer,
    vault: testVault().vault,
    clock: { now: () => Date.parse('2026-11-23T10:00:00Z') },
    registry,
    policy,
    telemetry: silent,
  });
  const taken = async (url: string) => (await takeMessages(clients, url)).map((body) => JSON.parse(body));
  return {
    deliveries: () => taken(delivery.url),
    rejections: () => taken(rejected.url),
    announced: () => announced.delivered(),
    dynamoRequests: () => dynamoRequests.map((request) => JSON.stringify(request.input)),
    storedItems: async () =>
      JSON.stringify((await clients.dynamodb.send(new ScanCommand({ TableName: tableName }))).Items),
  };
}

const record = (id: string, body: unknown) =>
  ({ messageId: id, body: JSON.stringify(body) }) as SQSEvent['Records'][number];
const busEvent = (detailType: string, detail: Record<string, unknown>) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detailType,
  source: 'shop.web',
  time: '2026-11-23T10:00:00Z',
  detail: { v: 1, eventId: randomUUID(), occurredAt: '2026-11-23T10:00:00+00:00', ...detail },
});

describe('ingest Lambda handler on moto', () => {
  it('rejects the invalid event with its reason, processes the valid ones once, and reports no failure', async () => {
    const ingest = await wire();
    const profile = busEvent('customer.profile_updated', {
      customerId: 'c-1',
      contact: { email: 'mina@example.kr', phone: '+821055501234' },
      timeZone: 'Asia/Seoul',
      country: 'KR',
    });
    const order = busEvent('order.placed', {
      customerId: 'c-1',
      orderId: 'o-1',
      total: 25_000,
      currency: 'KRW',
      items: [{ productId: 'p-1', quantity: 1, price: 25_000 }],
    });
    const invalid = busEvent('cart.item_added', {
      customerId: 'c-2',
      cartId: 'k',
      productId: 'p',
      quantity: 0,
      itemCount: 1,
    });
    const event = { Records: [record('1', profile), record('2', invalid), record('3', order)] };

    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    const rejected = await ingest.rejections();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      detailType: 'cart.item_added',
      issues: [{ field: 'detail.quantity', rule: 'must be > 0' }],
      reason: expect.stringContaining('detail.quantity'),
    });
    const deliveries = await ingest.deliveries();
    // A KR order confirmation goes kakao → sms → email: without a KakaoTalk id, SMS first, email as its fallback.
    expect(deliveries).toMatchObject([
      { template: 'order-confirmation', category: 'transactional', channel: 'sms', fallbacks: ['email'] },
    ]);
    expect(JSON.stringify(deliveries)).not.toContain('mina@example.kr');
    const announced = await ingest.announced();
    expect(announced.map((envelope) => envelope['detail-type'])).toEqual(
      expect.arrayContaining(['journey.entered', 'message.decided']),
    );
    const dynamoRequests = ingest.dynamoRequests();
    expect(dynamoRequests.length).toBeGreaterThan(3);
    for (const written of [...dynamoRequests, await ingest.storedItems(), JSON.stringify(announced)]) {
      expect(written).not.toContain('mina@example.kr');
      expect(written).not.toContain('+821055501234');
      expect(written).not.toContain('"c-1"');
    }

    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(await ingest.deliveries()).toEqual([]);
    expect(await ingest.rejections()).toHaveLength(1);
  });

  it('reports only the record whose processing failed, so only it is retried', async () => {
    await wire(await pseudonymizer.pseudonymOf('c-broken'));
    const ok = busEvent('product.viewed', { customerId: 'c-fine', productId: 'p' });
    const broken = busEvent('product.viewed', { customerId: 'c-broken', productId: 'p' });
    const result = await handler({ Records: [record('a', ok), record('b', broken)] }, context);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['b']);
  });
});
