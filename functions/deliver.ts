import { join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { LiquidTemplateRenderer } from '../adapters/templates/liquid-renderer.ts';
import { type DeliveryPorts, handleDeliveryBody } from '../core/use-cases/handle-delivery.ts';
import { journeyRates } from '../core/use-cases/pace-delivery.ts';
import { policy, registry } from '../journeys/index.ts';
import { busPublisher } from './aws/bus-publisher.ts';
import { advertisingSender, channelSenders } from './aws/channel-senders.ts';
import { contactVault } from './aws/contact-vault.ts';
import { lazy } from './aws/lazy.ts';
import { powertools } from './aws/powertools.ts';
import { sqsBatchHandler } from './aws/sqs-batch-handler.ts';
import { unsubscribeLinks } from './aws/unsubscribe-tokens.ts';
import { customerTable, dynamoDbClient, journeyBudget, sendLedger, systemClock } from './aws/wiring.ts';
import { functionEnvironment, lambdaTaskRoot } from './environment.ts';

const tools = powertools('deliver');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const ports = lazy(async (): Promise<DeliveryPorts> => {
  const dynamodb = dynamoDbClient(tools);
  const table = customerTable(dynamodb);
  const sender = advertisingSender();
  const env = functionEnvironment([], ['templatesDir', 'shopUrl']);
  return {
    store: table,
    decisionLog: table,
    vault: await contactVault(tools, dynamodb, 'open'),
    renderer: new LiquidTemplateRenderer({
      templatesDir: env.templatesDir ?? join(lambdaTaskRoot(), 'templates'),
      shop: { name: sender.name, url: env.shopUrl ?? 'https://example.com' },
    }),
    channels: await channelSenders(tools),
    events: busPublisher(tools),
    ledger: sendLedger(dynamodb),
    clock: systemClock,
    policy,
    sender,
    ...(await unsubscribeLinks()),
    telemetry: tools.telemetry,
    pacing: { pacer: journeyBudget(dynamodb), rateOf: journeyRates(registry), wait: sleep },
  };
});

/** Delivery queue → re-check, decrypt, render, send: at most once per messageId (the send ledger). */
export const handler = sqsBatchHandler(
  tools,
  async (record: SQSRecord) => {
    await handleDeliveryBody(record.body, await ports.get());
  },
  { inOrder: false },
);
