import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../../adapters/aws/eventbridge-publisher.ts';
import { SqsTransport, sqsQueue } from '../../../adapters/aws/sqs-queues.ts';
import type { OutboundEvent } from '../../../core/customer/outbox.ts';

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

describe('SQS queues', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());
  const queue = () =>
    sqsQueue({ client: new SQSClient({}), queueUrl: 'https://sqs/ingest', retry: noWait, now: () => 0 });

  const transport = () =>
    new SqsTransport({ client: new SQSClient({}), queueUrl: 'https://sqs/ingest', retry: noWait });

  it('puts timer.due messages on the ingest queue in the EventBridge envelope shape', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue().enqueueTimerDue(['p1', 'p2'], 'W#202611231005#3');
    const input = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe('https://sqs/ingest');
    expect(input?.Entries?.map((entry) => JSON.parse(entry.MessageBody ?? ''))).toEqual([
      {
        'detail-type': 'timer.due',
        source: 'journeys.orchestrator',
        time: '1970-01-01T00:00:00.000Z',
        detail: { pseudonym: 'p1', bucket: 'W#202611231005#3' },
      },
      {
        'detail-type': 'timer.due',
        source: 'journeys.orchestrator',
        time: '1970-01-01T00:00:00.000Z',
        detail: { pseudonym: 'p2', bucket: 'W#202611231005#3' },
      },
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
    await transport().sendBodies(['a', 'b']);
    expect(sqs.commandCalls(SendMessageBatchCommand)[1]?.args[0].input.Entries).toEqual([
      { Id: '1', MessageBody: 'b' },
    ]);

    sqs.reset();
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', SenderFault: true, Code: 'InvalidMessageContents', Message: 'bad' }] });
    await expect(transport().sendBodies(['x'])).rejects.toThrow(/SQS rejected 1 messages: InvalidMessageContents bad/);
  });
});
