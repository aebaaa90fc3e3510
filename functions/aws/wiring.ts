import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueue } from '../../adapters/aws/sqs-queue.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { DynamoSendLedger } from '../../adapters/dynamodb/send-ledger.ts';
import type { EnvironmentKey } from '../../core/contracts/environment.ts';
import type { QueueCodec } from '../../core/messages/queue-messages.ts';
import type { Clock } from '../../core/ports/messaging.ts';
import { functionEnvironment } from '../environment.ts';
import type { Powertools } from './powertools.ts';

/**
 * The wiring every function shares: DynamoDB and SQS. What only some functions use lives beside it, one file each
 * (`bus-publisher.ts`, `contact-vault.ts`, `pseudonymizer.ts`, `channel-senders.ts`, `export-sink.ts`), so each
 * bundle holds only the clients and libraries its entry imports (decision 0007).
 */
export const systemClock: Clock = { now: () => Date.now() };

/** AWS clients are created once per cold start (in each entry's `ports`) and traced by X-Ray. */
export function traced<T>(tools: Powertools, client: T): T {
  return tools.tracer.captureAWSv3Client(client);
}

export function dynamoDbClient(tools: Powertools): DynamoDBClient {
  return traced(tools, new DynamoDBClient({}));
}

export function sqsClient(tools: Powertools): SQSClient {
  return traced(tools, new SQSClient({}));
}

export function customerTable(client: DynamoDBClient): DynamoCustomerTable {
  const env = functionEnvironment(['tableName'], ['decisionRetentionDays']);
  const retentionDays = Number(env.decisionRetentionDays ?? 400);
  return new DynamoCustomerTable({ client, tableName: env.tableName, retentionDays });
}

export function sendLedger(client: DynamoDBClient): DynamoSendLedger {
  const { idempotencyTableName } = functionEnvironment(['idempotencyTableName']);
  return new DynamoSendLedger({ client, tableName: idempotencyTableName });
}

/** A typed queue whose URL is the named variable of the function contract. */
export function queue<T>(client: SQSClient, url: EnvironmentKey, codec: QueueCodec<T>): SqsQueue<T> {
  const queueUrl = functionEnvironment([url])[url];
  return new SqsQueue({ client, queueUrl, codec });
}
