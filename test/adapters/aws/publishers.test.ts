import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../../adapters/aws/eventbridge-publisher.ts';
import { SqsQueue } from '../../../adapters/aws/sqs-queue.ts';
import type { OutboundEvent } from '../../../core/customer/outbox.ts';
import { ingestCodec } from '../../../core/messages/queue-messages.ts';
import { scriptedClient } from '../../support/scripted-client.ts';

// Batching, the envelope and the bus are tested on moto: test/aws/adapters/aws/publishers.aws-test.ts. Here only
// the failures moto cannot produce on demand, from a scripted `send`.
const noWait = { maxAttempts: 3, baseDelayMs: 0, sleep: async () => {} };
const event = (n: number): OutboundEvent => ({
  detailType: 'message.decided',
  detail: { pseudonym: `p${n}`, at: '2026-11-23T10:00:00.000Z', outcome: 'send' },
});

describe('EventBridge publisher (scripted PutEvents answers)', () => {
  const publisherOn = (client: EventBridgeClient) =>
    new EventBridgePublisher({ client, busName: 'journeys', retry: noWait });

  it('retries only the entry EventBridge throttled, not the one it accepted', async () => {
    const { client, inputs } = scriptedClient<EventBridgeClient, { Entries: PutEventsRequestEntry[] }>((_, call) =>
      call === 1
        ? { FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException' }] }
        : { FailedEntryCount: 0, Entries: [{ EventId: 'b' }] },
    );
    await publisherOn(client).publish([event(1), event(2)]);
    expect(inputs[1]?.Entries.map((entry) => JSON.parse(entry.Detail ?? '{}').pseudonym)).toEqual(['p2']);
  });

  it('throws when an entry keeps failing with InternalFailure after the bounded attempts', async () => {
    const { client, inputs } = scriptedClient<EventBridgeClient>(() => ({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure' }],
    }));
    await expect(publisherOn(client).publish([event(1)])).rejects.toThrow(/1 entries still failing after 3 attempts/);
    expect(inputs).toHaveLength(3);
  });

  it('puts only the detail-types the stage publishes, and makes no call when none of the events is one', async () => {
    const { client, inputs } = scriptedClient<EventBridgeClient, { Entries: PutEventsRequestEntry[] }>(() => ({
      FailedEntryCount: 0,
      Entries: [{ EventId: 'a' }],
    }));
    const publisher = new EventBridgePublisher({
      client,
      busName: 'journeys',
      retry: noWait,
      detailTypes: new Set(['message.sent']),
    });
    const sent: OutboundEvent = { detailType: 'message.sent', detail: { pseudonym: 'p9', at: '2026-11-23T10:00:00Z' } };
    await publisher.publish([event(1)]);
    expect(inputs).toHaveLength(0);
    await publisher.publish([event(2), sent]);
    expect(inputs.flatMap((input) => input.Entries.map((entry) => entry.DetailType))).toEqual(['message.sent']);
  });
});

describe('SQS queue (scripted SendMessageBatch answers)', () => {
  const queueOn = (client: SQSClient) =>
    new SqsQueue({ client, queueUrl: 'https://sqs/ingest', codec: ingestCodec, retry: noWait });
  const timer = (pseudonym: string) => ({ kind: 'timer-due' as const, pseudonym });

  it('retries only the entry SQS failed on its side (SenderFault false), with its original Id', async () => {
    const { client, inputs } = scriptedClient<SQSClient, { Entries: SendMessageBatchRequestEntry[] }>((_, call) =>
      call === 1
        ? {
            Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: '' }],
            Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }],
          }
        : { Successful: [], Failed: [] },
    );
    await queueOn(client).send([timer('a'), timer('b')]);
    expect(inputs[1]?.Entries.map((entry) => [entry.Id, JSON.parse(entry.MessageBody ?? '').detail])).toEqual([
      ['1', { pseudonym: 'b' }],
    ]);
  });

  it('fails at once, without retrying, when SQS reports a sender fault', async () => {
    const { client, inputs } = scriptedClient<SQSClient>(() => ({
      Failed: [{ Id: '0', SenderFault: true, Code: 'InvalidMessageContents', Message: 'bad' }],
    }));
    await expect(queueOn(client).send([timer('x')])).rejects.toThrow(
      /SQS rejected 1 messages: InvalidMessageContents bad/,
    );
    expect(inputs).toHaveLength(1);
  });
});
