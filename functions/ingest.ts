import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { policy, registry } from '../journeys/index.ts';
import { type IngestDeps, ingestMessage } from './app/ingest-service.ts';
import { powertools } from './aws/powertools.ts';
import {
  awsClients,
  busPublisher,
  contactVault,
  customerTable,
  pseudonymizer,
  queue,
  systemClock,
} from './aws/wiring.ts';

const tools = powertools('ingest');
const processor = new BatchProcessor(EventType.SQS);
let deps: IngestDeps | undefined;

function wire(): IngestDeps {
  const clients = awsClients(tools);
  const table = customerTable(clients);
  return {
    store: table,
    decisionLog: table,
    deliveries: queue(clients, 'deliveryQueueUrl'),
    events: busPublisher(clients),
    erasures: queue(clients, 'privacyQueueUrl'),
    rejected: queue(clients, 'rejectedQueueUrl'),
    pseudonymizer: pseudonymizer(),
    vault: contactVault(tools),
    clock: systemClock,
    registry,
    policy,
    telemetry: tools.telemetry,
  };
}

/** Ingest queue → validate → pseudonymise → journeys and policy → one conditional write → dispatch outbox. */
async function record(message: SQSRecord): Promise<void> {
  deps ??= wire();
  await ingestMessage(message.body, deps);
}

export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, record, processor, { context, processInParallel: false }),
)
  .use(captureLambdaHandler(tools.tracer))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));

/** For tests: replace the wiring (e.g. clients pointed at the embedded DynamoDB). */
export function useDependencies(replacement: IngestDeps | undefined): void {
  deps = replacement;
}
