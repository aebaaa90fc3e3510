import type { SQSRecord } from 'aws-lambda';
import { handlePrivacyMessage, type PrivacyDeps } from './app/privacy-service.ts';
import { powertools } from './aws/powertools.ts';
import { sqsBatchHandler } from './aws/sqs-batch-handler.ts';
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

export const handler = sqsBatchHandler(tools, record, { inOrder: true });
