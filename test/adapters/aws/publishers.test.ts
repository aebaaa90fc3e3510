import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../../adapters/aws/eventbridge-publisher.ts';
import { SqsQueue } from '../../../adapters/aws/sqs-queue.ts';
import type { OutboundEvent } from '../../../core/customer/outbox.ts';
import { ingestCodec } from '../../../core/messages/queue-messages.ts';

const noWait = { maxAttempts: 3, baseDelayMs: 0, sleep: async () => {} };
const event = (n: number): OutboundEvent => ({
  detailType: 'message.decided',
  detail: { pseudonym: `p${n}`, at: '2026-11-23T10:00:00.000Z', outcome: 'send' },
});

describe('EventBridge publisher', () => {
  const eventBridge = mockClient(EventBridgeClient);
  afterEach(() => eventBridge.reset());

  it('publishes in batches of 10 on the configured bus with source journeys.orchestrator', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const publisher = new EventBridgePublisher({
      client: new EventBridgeClient({}),
      busName: 'journeys',
      retry: noWait,
    });
    await publisher.publish(Array.from({ length: 23 }, (_, n) => event(n)));
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls[0]?.args[0].input.Entries?.[0]).toEqual({
      EventBusName: 'journeys',
      Source: 'journeys.orchestrator',
      DetailType: 'message.decided',
      Detail: '{"pseudonym":"p0","at":"2026-11-23T10:00:00.000Z","outcome":"send"}',
      Time: new Date('2026-11-23T10:00:00.000Z'),
    });
  });

  it('retries only the entries that failed', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    const publisher = new EventBridgePublisher({
      client: new EventBridgeClient({}),
      busName: 'journeys',
      retry: noWait,
    });
    await publisher.publish([event(1), event(2)]);
    const retried = eventBridge.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries;
    expect(retried?.map((entry) => JSON.parse(entry.Detail ?? '{}').pseudonym)).toEqual(['p2']);
  });

  it('throws when entries keep failing', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const publisher = new EventBridgePublisher({
      client: new EventBridgeClient({}),
      busName: 'journeys',
      retry: noWait,
    });
    await expect(publisher.publish([event(1)])).rejects.toThrow(/1 entries still failing after 3 attempts/);
  });
});

describe('SQS queue', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());
  const queue = () =>
    new SqsQueue({ client: new SQSClient({}), queueUrl: 'https://sqs/ingest', codec: ingestCodec, retry: noWait });
  const timer = (pseudonym: string) => ({ kind: 'timer-due' as const, pseudonym });

  it('puts timer.due messages on the ingest queue in the EventBridge envelope shape', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue().send([timer('p1'), timer('p2')]);
    const input = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe('https://sqs/ingest');
    expect(input?.Entries?.map((entry) => JSON.parse(entry.MessageBody ?? ''))).toEqual([
      { 'detail-type': 'timer.due', source: 'journeys.orchestrator', detail: { pseudonym: 'p1' } },
      { 'detail-type': 'timer.due', source: 'journeys.orchestrator', detail: { pseudonym: 'p2' } },
    ]);
  });

  it('retries entries that failed on the service side and fails fast on sender faults', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: '' }],
        Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }],
      })
      .resolves({ Successful: [], Failed: [] });
    await queue().send([timer('a'), timer('b')]);
    const retried = sqs.commandCalls(SendMessageBatchCommand)[1]?.args[0].input.Entries ?? [];
    expect(retried.map((entry) => [entry.Id, JSON.parse(entry.MessageBody ?? '').detail])).toEqual([
      ['1', { pseudonym: 'b' }],
    ]);

    sqs.reset();
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', SenderFault: true, Code: 'InvalidMessageContents', Message: 'bad' }] });
    await expect(queue().send([timer('x')])).rejects.toThrow(/SQS rejected 1 messages: InvalidMessageContents bad/);
  });
});
