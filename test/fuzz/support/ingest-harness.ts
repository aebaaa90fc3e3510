import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { type LocalServices, localPaths, localServices } from '../../../cli/local/local-services.ts';
import type { CustomerState } from '../../../core/customer/state.ts';
import { ingestCodec } from '../../../core/messages/queue-messages.ts';
import type { RejectedEvent } from '../../../core/messages/rejected.ts';
import {
  handleIngestBody,
  type IngestPorts,
  type IngestResult,
} from '../../../core/use-cases/handle-ingest-message.ts';
import { policy, registry } from '../../../journeys/index.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';
import { writeTestKeyring } from '../../support/test-keyring.ts';
import { jsonLinesTail } from './file-tail.ts';

export const START = '2026-11-23T09:00:00Z';
const quiet = { info: () => {}, warn: () => {}, error: () => {}, count: () => {} };

/**
 * The ingest use case with the real adapters of the local runtime (embedded DynamoDB, local keyring, the rejected
 * store file); deliveries and privacy messages are dropped. One per test file, on a virtual clock.
 */
export function useIngestHarness() {
  const db = useEmbeddedDynamoDb();
  const clock = { ms: Date.parse(START), now: () => clock.ms };
  let services: LocalServices | undefined;
  let ports: IngestPorts | undefined;
  let rejectedPath = '';
  beforeAll(async () => {
    const dataDir = await writeTestKeyring(mkdtempSync(join(tmpdir(), 'journeys-fuzz-')));
    const paths = localPaths(dataDir);
    rejectedPath = paths.rejected;
    services = await localServices({ paths, db: db(), clock, registry, policy, telemetry: quiet });
    const discard = { send: async () => {} };
    ports = services.ingest({ deliveries: discard, privacy: discard });
  });
  const ready = () => {
    if (!services || !ports) throw new Error('ingest harness not started yet');
    return { services, ports };
  };

  /** What the bus would hand the ingest queue for this detail-type and detail, through the real queue edge. */
  const ingest = (detailType: string, detail: unknown, source = 'shop.fuzz'): Promise<IngestResult> =>
    handleIngestBody(ingestCodec.encode({ kind: 'customer-event', detailType, detail, source }), ready().ports);
  const ingestBody = (body: string) => handleIngestBody(body, ready().ports);

  /** The rejected store's records written since the last call. */
  const newlyRejected = jsonLinesTail<RejectedEvent>(() => rejectedPath);

  const stateOf = async (customerId: string): Promise<CustomerState> => {
    const { services } = ready();
    return services.table.load(await services.pseudonymOf(customerId));
  };

  const stateOfPseudonym = (pseudonym: string): Promise<CustomerState> => ready().services.table.load(pseudonym);

  return { clock, ingest, ingestBody, newlyRejected, stateOf, stateOfPseudonym };
}

/** The envelope of a valid detail at the harness clock. */
export const envelopeAt = (ms: number, customerId = `c-${randomUUID()}`) => ({
  v: 1,
  eventId: randomUUID(),
  occurredAt: new Date(ms).toISOString(),
  customerId,
});
