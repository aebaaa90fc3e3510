import type { SQSRecord } from 'aws-lambda';
import { handlePrivacyBody, type PrivacyPorts } from '../core/use-cases/handle-privacy-message.ts';
import { busPublisher } from './aws/bus-publisher.ts';
import { contactVault } from './aws/contact-vault.ts';
import { exportSink } from './aws/export-sink.ts';
import { lazy } from './aws/lazy.ts';
import { powertools } from './aws/powertools.ts';
import { sqsBatchHandler } from './aws/sqs-batch-handler.ts';
import { customerTable, dynamoDbClient, systemClock } from './aws/wiring.ts';

const tools = powertools('privacy');

export const ports = lazy(async (): Promise<PrivacyPorts> => {
  const dynamodb = dynamoDbClient(tools);
  const table = customerTable(dynamodb);
  return {
    store: table,
    decisionLog: table,
    eraser: table,
    vault: await contactVault(tools, dynamodb, 'open'),
    sink: exportSink(tools),
    events: busPublisher(tools),
    clock: systemClock,
    telemetry: tools.telemetry,
  };
});

/** What privacy requests leave to do: the rest of an erasure, and exports (decrypted JSON to the KMS-encrypted bucket). */
export const handler = sqsBatchHandler(
  tools,
  async (record: SQSRecord) => {
    await handlePrivacyBody(record.body, await ports.get());
  },
  { inOrder: true },
);
