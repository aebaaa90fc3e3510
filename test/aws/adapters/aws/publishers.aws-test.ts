import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { EventBridgePublisher } from '../../../../adapters/aws/eventbridge-publisher.ts';
import { SqsQueue } from '../../../../adapters/aws/sqs-queue.ts';
import type { OutboundEvent } from '../../../../core/customer/outbox.ts';
import { ingestCodec } from '../../../../core/messages/queue-messages.ts';
import { DUMMY_CREDENTIALS, harnessClients } from '../../harness/aws-clients.ts';
import { REGION } from '../../harness/deployed-stack.ts';
import { createQueue, ensureBus, subscribe, takeMessages, uniqueName } from '../../harness/moto-fixtures.ts';
import { inputsOf, recordRequests } from '../../harness/request-log.ts';

// Failures moto cannot produce on demand (a throttled entry, a failed batch entry) are in
// test/adapters/aws/publishers.test.ts.
const endpoint = inject('motoEndpoint');
const clients = harnessClients(endpoint);
const config = { endpoint, region: REGION, credentials: DUMMY_CREDENTIALS };
const noWait = { maxAttempts: 3, baseDelayMs: 0, sleep: async () => {} };
const event = (n: number, pseudonym = `p${n}`): OutboundEvent => ({
  detailType: 'message.decided',
  detail: { pseudonym, at: '2026-11-23T10:00:00.000Z', outcome: 'send' },
});

describe('EventBridge publisher on moto', () => {
  it('publishes in batches of 10 on the configured bus with source journeys.orchestrator', async () => {
    const busName = await ensureBus(clients, uniqueName('journeys'));
    const subscriber = await subscribe(clients, busName, { source: ['journeys.orchestrator'] });
    const client = new EventBridgeClient(config);
    const sent = recordRequests(client);

    await new EventBridgePublisher({ client, busName, retry: noWait }).publish(
      Array.from({ length: 23 }, (_, n) => event(n)),
    );

    expect(inputsOf<{ Entries: unknown[] }>(sent, 'PutEvents').map((input) => input.Entries.length)).toEqual([
      10, 10, 3,
    ]);
    const delivered = await subscriber.delivered();
    expect(delivered.map((envelope) => envelope.detail.pseudonym).sort()).toEqual(
      Array.from({ length: 23 }, (_, n) => `p${n}`).sort(),
    );
    expect(delivered.find((envelope) => envelope.detail.pseudonym === 'p0')).toMatchObject({
      source: 'journeys.orchestrator',
      'detail-type': 'message.decided',
      time: '2026-11-23T10:00:00Z',
      detail: { pseudonym: 'p0', at: '2026-11-23T10:00:00.000Z', outcome: 'send' },
    });
  });
});

describe('SQS queue on moto', () => {
  const timer = (pseudonym: string) => ({ kind: 'timer-due' as const, pseudonym });

  it('puts timer.due messages on the ingest queue in the EventBridge envelope shape', async () => {
    const queue = await createQueue(clients, 'ingest');
    const client = new SQSClient(config);
    await new SqsQueue({ client, queueUrl: queue.url, codec: ingestCodec, retry: noWait }).send([
      timer('p1'),
      timer('p2'),
    ]);

    expect((await takeMessages(clients, queue.url)).map((body) => JSON.parse(body))).toEqual([
      { 'detail-type': 'timer.due', source: 'journeys.orchestrator', detail: { pseudonym: 'p1' } },
      { 'detail-type': 'timer.due', source: 'journeys.orchestrator', detail: { pseudonym: 'p2' } },
    ]);
  });

  it('sends more than 10 messages in batches of 10, every one arriving once and decodable by the codec', async () => {
    const queue = await createQueue(clients, 'ingest');
    const client = new SQSClient(config);
    const sent = recordRequests(client);
    const pseudonyms = Array.from({ length: 23 }, (_, n) => n.toString(16).padStart(64, '0'));
    await new SqsQueue({ client, queueUrl: queue.url, codec: ingestCodec, retry: noWait }).send(pseudonyms.map(timer));

    expect(inputsOf<{ Entries: unknown[] }>(sent, 'SendMessageBatch').map((input) => input.Entries.length)).toEqual([
      10, 10, 3,
    ]);
    const received = (await takeMessages(clients, queue.url)).map((body) => ingestCodec.decode(body));
    expect(received.map((message) => message.kind === 'timer-due' && message.pseudonym).sort()).toEqual(
      pseudonyms.sort(),
    );
  });
});
