import type { SQSRecord } from 'aws-lambda';
import { deliveryCodec, privacyCodec, rejectedCodec } from '../core/messages/queue-messages.ts';
import { handleIngestBody, type IngestPorts } from '../core/use-cases/handle-ingest-message.ts';
import { policy, registry } from '../journeys/index.ts';
import { busPublisher } from './aws/bus-publisher.ts';
import { contactVault } from './aws/contact-vault.ts';
import { lazy } from './aws/lazy.ts';
import { powertools } from './aws/powertools.ts';
import { pseudonymizer } from './aws/pseudonymizer.ts';
import { sqsBatchHandler } from './aws/sqs-batch-handler.ts';
import { customerTable, dynamoDbClient, queue, sqsClient, systemClock } from './aws/wiring.ts';

const tools = powertools('ingest');

export const ports = lazy(async (): Promise<IngestPorts> => {
  const dynamodb = dynamoDbClient(tools);
  const sqs = sqsClient(tools);
  const table = customerTable(dynamodb);
  return {
    store: table,
    decisionLog: table,
    deliveries: queue(sqs, 'deliveryQueueUrl', deliveryCodec),
    events: busPublisher(tools),
    privacy: queue(sqs, 'privacyQueueUrl', privacyCodec),
    rejected: queue(sqs, 'rejectedQueueUrl', rejectedCodec),
    pseudonymizer: pseudonymizer(),
    vault: await contactVault(tools, dynamodb, 'seal'),
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
