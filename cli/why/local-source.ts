import { existsSync } from 'node:fs';
import { loadOrCreateLocalKeys } from '../../adapters/crypto/local-keys.ts';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { CliError, NoLocalDataError } from '../cli-errors.ts';
import { localPaths } from '../local/local-services.ts';
import { openLocalTable } from '../local/open-local-table.ts';
import { readReplayClock } from '../replay/replay-clock.ts';
import { readLocalDeliveries } from './deliveries.ts';
import type { CustomerRecordsSource } from './load.ts';

/**
 * The local data directory of `npm start` / `npm run replay`: the pseudonym key from its keyring (never created
 * here), the records from its embedded DynamoDB, through the running runtime when there is one, else opened directly
 * (and closed again) when no other process holds it.
 */
export async function openLocalSource(dataDir: string): Promise<CustomerRecordsSource> {
  const paths = localPaths(dataDir);
  if (readReplayClock(dataDir)?.store === 'memory') {
    throw new CliError(
      `${dataDir} holds a replay that kept its customers in memory (--store memory, the default): replay with ` +
        '--store dynamodb to ask why afterwards',
    );
  }
  if (!existsSync(paths.keyring) || !existsSync(paths.dynamodb)) throw new NoLocalDataError(dataDir);
  const { keys } = await loadOrCreateLocalKeys(paths.keyring);
  const pseudonymizer = new HmacPseudonymizer(async () => keys.pseudonymKey);
  const deliveries = (pseudonym: string) => readLocalDeliveries(paths.events, pseudonym);
  const local = await openLocalTable(dataDir);
  return {
    description: local.description,
    pseudonymOf: (customerId) => pseudonymizer.pseudonymOf(customerId),
    reader: local.table,
    deliveries,
    close: local.close,
  };
}
