import { randomBytes, randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../adapters/aws/eventbridge-publisher.ts';
import { SqsQueue } from '../../adapters/aws/sqs-queue.ts';
import { EncryptionSdkVault, rawAesMaterials } from '../../adapters/crypto/contact-vault.ts';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { deliveryCodec, privacyCodec, type QueueCodec, rejectedCodec } from '../../core/messages/queue-messages.ts';
import type { Telemetry } from '../../core/ports/telemetry.ts';
import { handler, ports } from '../../functions/ingest.ts';
import { policy, registry } from '../../journeys/index.ts';
import { useEmbeddedDynamoDb } from '../support/dynalite.ts';

const db = useEmbeddedDynamoDb();
const sqs = mockClient(SQSClient);
const eventBridge = mockClient(EventBridgeClient);
const noWait = { maxAttempts: 2, baseDelayMs: 0, sleep: async () => {} };
const silent: Telemetry = { info: () => {}, warn: () => {}, error: () => {}, count: () => {} };
const context = { functionName: 'ingest', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as Context;

const pseudonymizer = new HmacPseudonymizer(async () => Buffer.alloc(32, 7));
const dynamoRequests: string[] = [];
let capturing = false;
function wire(failFor?: string) {
  const client = db().client;
  if (!capturing) {
    capturing = true;
    client.middlewareStack.add(
      (next) => async (args) => {
        dynamoRequests.push(JSON.stringify(args.input));
        return next(args);
      },
      { step: 'initialize', name: 'captureRequests' },
    );
  }
  const table = new DynamoCustomerTable({ client, tableName: db().tableName });
  const store = {
    load: async (pseudonym: string) => {
      if (pseudonym === failFor) throw new Error('injected store outage');
      return table.load(pseudonym);
    },
    save: table.save.bind(table),
    clearOutbox: table.clearOutbox.bind(table),
  };
  const sqsClient = new SQSClient({ region: 'eu-central-1' });
  const queueAt = <T>(url: string, codec: QueueCodec<T>) =>
    new SqsQueue({ client: sqsClient, queueUrl: url, codec, retry: noWait });
  ports.use({
    store,
    decisionLog: table,
    deliveries: queueAt('https://sqs/delivery', deliveryCodec),
    events: new EventBridgePublisher({
      client: new EventBridgeClient({ region: 'eu-central-1' }),
      busName: 'journeys',
    }),
    privacy: queueAt('https://sqs/privacy', privacyCodec),
    rejected: queueAt('https://sqs/rejected', rejectedCodec),
    pseudonymizer,
    vault: new EncryptionSdkVault({ materials: rawAesMaterials(randomBytes(32)), audit: { record: async () => {} } }),
    clock: { now: () => Date.parse('2026-11-23T10:00:00Z') },
    registry,
    policy,
    telemetry: silent,
  });
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
const sentTo = (url: string) =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .filter((call) => call.args[0].input.QueueUrl === url)
    .flatMap((call) => call.args[0].input.Entries?.map((entry) => JSON.parse(entry.MessageBody ?? '{}')) ?? []);

describe('ingest Lambda handler', () => {
  beforeEach(() => {
    sqs.reset();
    eventBridge.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    wire();
  });

  it('rejects the invalid event with its reason, processes the valid ones once, and reports no failure', async () => {
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
    const rejected = sentTo('https://sqs/rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      detailType: 'cart.item_added',
      issues: [{ field: 'detail.quantity', rule: 'must be > 0' }],
      reason: expect.stringContaining('detail.quantity'),
    });
    const deliveries = sentTo('https://sqs/delivery');
    expect(deliveries).toMatchObject([{ template: 'order-confirmation', category: 'transactional', channel: 'email' }]);
    expect(JSON.stringify(deliveries)).not.toContain('mina@example.kr');
    expect(dynamoRequests.length).toBeGreaterThan(3);
    for (const request of dynamoRequests) {
      expect(request).not.toContain('mina@example.kr');
      expect(request).not.toContain('+821055501234');
      expect(request).not.toContain('"c-1"');
    }

    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(sentTo('https://sqs/delivery')).toHaveLength(1);
    expect(sentTo('https://sqs/rejected')).toHaveLength(2);
  });

  it('reports only the record whose processing failed, so only it is retried', async () => {
    wire(await pseudonymizer.pseudonymOf('c-broken'));
    const ok = busEvent('product.viewed', { customerId: 'c-fine', productId: 'p' });
    const broken = busEvent('product.viewed', { customerId: 'c-broken', productId: 'p' });
    const result = await handler({ Records: [record('a', ok), record('b', broken)] }, context);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['b']);
  });
});
