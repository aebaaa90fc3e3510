import { randomUUID } from 'node:crypto';
import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { ensureTable } from '../../../adapters/dynamodb/create-table.ts';
import type { HarnessClients } from './aws-clients.ts';

/**
 * Resources one adapter test creates for itself in the moto_server every file of `npm run test:aws` shares: every
 * name is unique (never reset between tests), so tests cannot see each other's queues, buses, buckets, keys or
 * tables, whatever ran before them.
 */

/** `<prefix>-<8 hex digits>`: lower case and short enough for every service's naming rules (S3 buckets included). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface TestQueue {
  url: string;
  arn: string;
}

export async function createQueue(clients: HarnessClients, prefix: string): Promise<TestQueue> {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: uniqueName(prefix) }));
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string };
}

/** Receives and deletes every visible message, oldest first as moto returns them; the bodies as sent. */
export async function takeMessages(clients: HarnessClients, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => message.Body ?? ''));
    await clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
  }
}

/** Creates the bus unless it exists (the default bus name `journeys` may be taken by an earlier file's stack). */
export async function ensureBus(clients: HarnessClients, name: string): Promise<string> {
  try {
    await clients.events.send(new CreateEventBusCommand({ Name: name }));
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
  }
  return name;
}

/** An event as EventBridge delivers it to an SQS target. */
export interface BusEnvelope {
  id: string;
  source: string;
  'detail-type': string;
  time: string;
  detail: Record<string, unknown>;
}

/**
 * The event as it is, through an input transformer: what a target without one receives, minus moto's cost. moto
 * fills its default template through eight JSONPath parsers built per delivered event (about 170 ms each event on
 * these machines); with one path mapped it builds one. `<aws.events.event.json>` is EventBridge's own variable for
 * the whole event.
 */
const WHOLE_EVENT = { InputPathsMap: { id: '$.id' }, InputTemplate: '<aws.events.event.json>' };

/**
 * A rule on the bus that sends what `pattern` matches to a new queue, as a subscriber would see it: EventBridge in
 * moto routes each accepted PutEvents entry to the rule's targets before answering, so `delivered()` reads them at
 * once. Match on values unique to the test (a customer id, a pseudonym) when the bus is shared.
 */
export async function subscribe(
  clients: HarnessClients,
  busName: string,
  pattern: Record<string, unknown>,
): Promise<{ delivered(): Promise<BusEnvelope[]> }> {
  const queue = await createQueue(clients, 'subscriber');
  const rule = uniqueName('to-queue');
  await clients.events.send(
    new PutRuleCommand({ Name: rule, EventBusName: busName, EventPattern: JSON.stringify(pattern) }),
  );
  await clients.events.send(
    new PutTargetsCommand({
      Rule: rule,
      EventBusName: busName,
      Targets: [{ Id: 'queue', Arn: queue.arn, InputTransformer: WHOLE_EVENT }],
    }),
  );
  return {
    delivered: async () => (await takeMessages(clients, queue.url)).map((body) => JSON.parse(body) as BusEnvelope),
  };
}

/** A symmetric KMS key; its ARN. */
export async function createKey(clients: HarnessClients, description: string): Promise<string> {
  const { KeyMetadata } = await clients.kms.send(new CreateKeyCommand({ Description: description }));
  return KeyMetadata?.Arn as string;
}

export async function createBucket(clients: HarnessClients, prefix: string): Promise<string> {
  const bucket = uniqueName(prefix);
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** The journey table (keys and `wake` index from the table contract, as the local runtime creates it). */
export async function createJourneyTable(clients: HarnessClients): Promise<string> {
  const tableName = uniqueName('journeys');
  await ensureTable(clients.dynamodb, tableName);
  return tableName;
}
