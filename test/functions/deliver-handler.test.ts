import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { DynamoSendLedger } from '../../adapters/dynamodb/send-ledger.ts';
import type { OutboundEvent } from '../../core/customer/outbox.ts';
import { newCustomer } from '../../core/customer/state.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { RenderedMessage } from '../../core/ports/messaging.ts';
import { policy } from '../../journeys/index.ts';
import { useEmbeddedDynamoDb } from '../support/dynalite.ts';
import { testVault } from '../support/test-vault.ts';

const db = useEmbeddedDynamoDb();
const pseudonym = 'd'.repeat(64);
const sends: Array<{ message: RenderedMessage; address: string }> = [];
const published: OutboundEvent[] = [];
const logged: string[] = [];
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
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  const table = new DynamoCustomerTable({ client: db().client, tableName: db().tableName });
  const vault = testVault().vault;
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
  module.ports.use({
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
    ledger: new DynamoSendLedger({ client: db().client, tableName: db().idempotencyTableName }),
    sender: { name: 'Shop', contact: 'help@shop.example', optOut: '080-000-0000' },
    clock: { now: () => Date.parse('2026-11-23T10:00:05Z') },
    policy,
    telemetry: { info: (message) => void logged.push(message), warn: () => {}, error: () => {}, count: () => {} },
  });
});

describe('deliver Lambda handler (send ledger on the embedded DynamoDB)', () => {
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
    expect(logged.filter((message) => message === 'message sent')).toHaveLength(1);
    expect(logged).toContain('duplicate delivery skipped');
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
