import type { SQSRecord } from 'aws-lambda';
import { policy, registry } from '../journeys/index.ts';
import { type IngestDeps, ingestMessage } from './app/ingest-service.ts';
import { powertools } from './aws/powertools.ts';
import { sqsBatchHandler } from './aws/sqs-batch-handler.ts';
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

export const handler = sqsBatchHandler(tools, record, { inOrder: true });

/** For tests: replace the wiring (e.g. clients pointed at the embedded DynamoDB). */
export function useDependencies(replacement: IngestDeps | undefined): void {
  deps = replacement;
}
