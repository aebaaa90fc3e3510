import { randomBytes } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { EncryptionSdkVault, rawAesMaterials } from '../../adapters/crypto/contact-vault.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import type { DeliveryRequest, OutboundEvent } from '../../core/customer/outbox.ts';
import { newCustomer } from '../../core/customer/state.ts';
import type { RenderedMessage } from '../../core/ports/messaging.ts';
import { policy } from '../../journeys/index.ts';
import { useEmbeddedDynamoDb } from '../support/dynalite.ts';

const db = useEmbeddedDynamoDb();
const pseudonym = 'd'.repeat(64);
const sends: Array<{ message: RenderedMessage; address: string }> = [];
const published: OutboundEvent[] = [];
let handler: (event: SQSEvent, context: Context) => Promise<unknown>;

const request = (messageId: string, category: 'promotional' | 'transactional' = 'transactional'): DeliveryRequest => ({
  messageId,
  pseudonym,
  journeyId: 'purchase',
  version: 1,
  entry: 1,
  message: 'orderConfirmation',
  template: 'order-confirmation',
  channel: 'email',
  category,
  variables: { orderId: 'o-1', total: 10, currency: 'EUR', itemCount: 1, productId: 'p' },
  decidedAt: '2026-11-23T10:00:00.000Z',
});
const context = {
  functionName: 'deliver',
  awsRequestId: 'req',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
const batch = (...messages: DeliveryRequest[]) =>
  ({
    Records: messages.map((message, index) => ({ messageId: `m${index}`, body: JSON.stringify(message) })),
  }) as SQSEvent;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db().endpoint;
  process.env.AWS_REGION = 'eu-central-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  process.env.IDEMPOTENCY_TABLE_NAME = 'idempotency';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  await db().client.send(
    new CreateTableCommand({
      TableName: 'idempotency',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  const table = new DynamoCustomerTable({ client: db().client, tableName: db().tableName });
  const vault = new EncryptionSdkVault({
    materials: rawAesMaterials(randomBytes(32)),
    audit: { record: async () => {} },
  });
  await table.save(
    {
      ...newCustomer(pseudonym),
      contact: await vault.seal(pseudonym, { email: 'ana@example.com' }),
      has: { email: true },
    },
    0,
  );
  const module = await import('../../functions/deliver.ts');
  handler = module.handler as typeof handler;
  module.useDependencies({
    store: table,
    decisionLog: table,
    vault,
    renderer: {
      render: async (message) => ({
        messageId: message.messageId,
        channel: message.channel,
        category: message.category,
        template: message.template,
        subject: 's',
        body: 'b',
      }),
    },
    channels: {
      email: {
        channel: 'email',
        send: async (message, address) => {
          sends.push({ message, address });
          return { providerMessageId: `ses-${sends.length}` };
        },
      },
    },
    events: { publish: async (events) => void published.push(...events) },
    clock: { now: () => Date.parse('2026-11-23T10:00:05Z') },
    policy,
    telemetry: { info: () => {}, warn: () => {}, error: () => {}, count: () => {} },
  });
});

describe('deliver Lambda handler (Powertools idempotency on the embedded DynamoDB)', () => {
  it('sends a message once even when SQS delivers it again', async () => {
    expect(await handler(batch(request('purchase:dd.1:orderConfirmation:1')), context)).toEqual({
      batchItemFailures: [],
    });
    expect(await handler(batch(request('purchase:dd.1:orderConfirmation:1')), context)).toEqual({
      batchItemFailures: [],
    });
    expect(sends).toHaveLength(1);
    expect(sends[0]?.address).toBe('ana@example.com');
    expect(published.filter((event) => event.detailType === 'message.sent')).toHaveLength(1);
  });

  it('withholds a promotional message whose consent is missing at delivery time and records why', async () => {
    const before = sends.length;
    await handler(batch(request('cart:dd.1:cartReminder:1', 'promotional')), context);
    expect(sends).toHaveLength(before);
    expect(published.at(-1)).toMatchObject({
      detailType: 'message.decided',
      detail: { outcome: 'suppressed', reasons: ['no_consent'] },
    });
  });

  it('reports a body that is not a delivery request as failed, so it is retried and then dead-lettered', async () => {
    const event = {
      Records: [
        { messageId: 'bad', body: '{"messageId": 1}' },
        { messageId: 'good', body: JSON.stringify(request('purchase:dd.2:orderConfirmation:1')) },
      ],
    } as SQSEvent;
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
  });
});
