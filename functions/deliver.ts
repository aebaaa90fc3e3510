import { join } from 'node:path';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { LiquidTemplateRenderer } from '../adapters/templates/liquid-renderer.ts';
import type { DeliveryRequest } from '../core/customer/outbox.ts';
import { policy } from '../journeys/index.ts';
import { type DeliverDeps, deliver, parseDeliveryRequest } from './app/deliver-service.ts';
import { finishContent } from './app/message-content.ts';
import { powertools } from './aws/powertools.ts';
import { sqsBatchHandler } from './aws/sqs-batch-handler.ts';
import { awsClients, busPublisher, channelSenders, contactVault, customerTable, systemClock } from './aws/wiring.ts';
import { ENV, readEnvironment } from './environment.ts';

const tools = powertools('deliver');
const clients = awsClients(tools);
const idempotency = new IdempotencyConfig({ eventKeyJmesPath: 'messageId', expiresAfterSeconds: 7 * 86_400 });
let deps: Promise<DeliverDeps> | undefined;

async function wire(): Promise<DeliverDeps> {
  const table = customerTable(clients);
  const sender = {
    name: process.env[ENV.senderName] ?? 'Shop',
    contact: process.env[ENV.senderContact] ?? '',
    optOut: process.env[ENV.senderOptOut] ?? '',
  };
  return {
    store: table,
    decisionLog: table,
    vault: contactVault(tools),
    renderer: new LiquidTemplateRenderer({
      templatesDir: process.env[ENV.templatesDir] ?? join(process.env.LAMBDA_TASK_ROOT ?? '.', 'templates'),
      shop: { name: sender.name, url: process.env[ENV.shopUrl] ?? 'https://example.com' },
    }),
    channels: await channelSenders(tools),
    events: busPublisher(clients),
    clock: systemClock,
    policy,
    finish: finishContent(policy, sender),
    telemetry: tools.telemetry,
  };
}

/** Sends at most once per messageId: Powertools idempotency records each outcome in the idempotency table. */
const deliverOnce = makeIdempotent(
  async (message: DeliveryRequest) => {
    deps ??= wire();
    return deliver(message, await deps);
  },
  {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: readEnvironment(['idempotencyTableName']).idempotencyTableName,
      awsSdkV3Client: clients.dynamodb,
    }),
    config: idempotency,
  },
);

async function record(message: SQSRecord): Promise<void> {
  await deliverOnce(parseDeliveryRequest(message.body));
}

export const handler = sqsBatchHandler(tools, record, {
  inOrder: false,
  onInvoke: (context) => idempotency.registerLambdaContext(context),
});

/** For tests: replace the wiring (e.g. a counting channel, clients pointed at the embedded DynamoDB). */
export function useDependencies(replacement: DeliverDeps | undefined): void {
  deps = replacement ? Promise.resolve(replacement) : undefined;
}
