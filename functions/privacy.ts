import type { SQSRecord } from 'aws-lambda';
import { handlePrivacyBody, type PrivacyPorts } from '../core/use-cases/handle-privacy-message.ts';
import { lazy } from './aws/lazy.ts';
import { powertools } from './aws/powertools.ts';
import { sqsBatchHandler } from './aws/sqs-batch-handler.ts';
import { awsClients, busPublisher, contactVault, customerTable, exportSink, systemClock } from './aws/wiring.ts';

const tools = powertools('privacy');

export const ports = lazy(async (): Promise<PrivacyPorts> => {
  const clients = awsClients(tools);
  const table = customerTable(clients);
  return {
    store: table,
    decisionLog: table,
    eraser: table,
    vault: await contactVault(tools, clients, 'open'),
    sink: exportSink(tools),
    events: busPublisher(clients),
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
