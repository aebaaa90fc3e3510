import type { EmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { MemoryKeyStore } from '../../adapters/local/memory-key-store.ts';
import { MemorySendLedger } from '../../adapters/local/memory-send-ledger.ts';
import { localServices } from '../local/local-services.ts';
import { DecisionDigest, digestingDecisionLog } from './decision-digest.ts';
import { fixedLifecycle, type ReplayServices, type ReplayServicesOptions } from './replay-services.ts';

/** `--store dynamodb`: the local runtime's services over the embedded DynamoDB (customer keys and ledger in memory). */
export async function dynamoReplayServices(
  options: ReplayServicesOptions & { db: EmbeddedDynamoDb },
): Promise<ReplayServices> {
  const services = await localServices({ ...options, ledger: new MemorySendLedger(), keyStore: new MemoryKeyStore() });
  const digest = new DecisionDigest();
  const decisionLog = digestingDecisionLog(services.table, digest);
  return {
    store: services.table,
    digest,
    pseudonymOf: services.pseudonymOf,
    ingest: (queues) => ({ ...services.ingest(queues), decisionLog, ...fixedLifecycle(options.lifecycle) }),
    deliver: { ...services.deliver, decisionLog },
    close: async () => {
      await services.events.file.flush();
      await services.rejected.file.flush();
    },
  };
}
