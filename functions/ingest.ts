import type { SQSRecord } from 'aws-lambda';
import { deliveryCodec, privacyCodec, rejectedCodec } from '../core/messages/queue-messages.ts';
import { handleIngestBody, type IngestPorts } from '../core/use-cases/handle-ingest-message.ts';
import { policy, registry } from '../journeys/index.ts';
import { lazy } from './aws/lazy.ts';
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

export const ports = lazy(async (): Promise<IngestPorts> => {
  const clients = awsClients(tools);
  const table = customerTable(clients);
  return {
    store: table,
    decisionLog: table,
    deliveries: queue(clients, 'deliveryQueueUrl', deliveryCodec),
    events: busPublisher(clients),
    privacy: queue(clients, 'privacyQueueUrl', privacyCodec),
    rejected: queue(clients, 'rejectedQueueUrl', rejectedCodec),
    pseudonymizer: pseudonymizer(),
    vault: await contactVault(tools, clients, 'seal'),
    clock: systemClock,
    registry,
    policy,
    telemetry: tools.telemetry,
  };
});

/** Ingest queue → validate → pseudonymise → journeys and policy → one conditional write → dispatch outbox. */
export const handler = sqsBatchHandler(
  tools,
  async (record: SQSRecord) => {
    await handleIngestBody(record.body, await ports.get());
  },
  { inOrder: true },
);
