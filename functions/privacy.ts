import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { handlePrivacyMessage, type PrivacyDeps } from './app/privacy-service.ts';
import { powertools } from './aws/powertools.ts';
import {
  awsClients,
  busPublisher,
  contactVault,
  customerTable,
  exportSink,
  pseudonymizer,
  queue,
  systemClock,
} from './aws/wiring.ts';

const tools = powertools('privacy');
const processor = new BatchProcessor(EventType.SQS);
let deps: PrivacyDeps | undefined;

function wire(): PrivacyDeps {
  const clients = awsClients(tools);
  const table = customerTable(clients);
  return {
    store: table,
    decisionLog: table,
    eraser: table,
    vault: contactVault(tools),
    sink: exportSink(tools),
    events: busPublisher(clients),
    pseudonymizer: pseudonymizer(),
    rejected: queue(clients, 'rejectedQueueUrl'),
    clock: systemClock,
    telemetry: tools.telemetry,
  };
}

/** Erasure (every item deleted, tombstone written) and export (decrypted JSON to the KMS-encrypted bucket). */
async function record(message: SQSRecord): Promise<void> {
  deps ??= wire();
  await handlePrivacyMessage(message.body, deps);
}

export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, record, processor, { context, processInParallel: false }),
)
  .use(captureLambdaHandler(tools.tracer))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
