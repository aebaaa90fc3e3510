import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { loadOrCreateLocalKeys } from '../../adapters/crypto/local-keys.ts';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { localDynamoClient, startEmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { localPaths } from '../local/local-services.ts';
import { readLocalDeliveries } from './deliveries.ts';
import { LocalDataInUseError, NoLocalDataError } from './errors.ts';
import type { CustomerRecordsSource } from './load.ts';
import { readLiveRuntime } from './runtime-file.ts';

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}
type LevelModule = { Level: new (location: string, options?: { createIfMissing?: boolean }) => LevelDb };

/**
 * Opens and closes the LevelDB store dynalite keeps under `path`, to find out whether another process holds it:
 * dynalite itself would only fail on the first request, with an uncaught error. `level` is dynalite's own store.
 */
async function assertNotLocked(path: string, dataDir: string): Promise<void> {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = fromDynalite('level') as LevelModule;
  const db = new Level(path, { createIfMissing: false });
  try {
    await db.open();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') {
      throw new LocalDataInUseError(dataDir, { cause: error });
    }
    throw error;
  }
  await db.close();
}

/** Reaches the embedded DynamoDB of a running `npm start` through the endpoint it left in runtime.json. */
async function throughRunningRuntime(dataDir: string) {
  const runtime = await readLiveRuntime(dataDir);
  if (!runtime) return undefined;
  const client = localDynamoClient(runtime.dynamoEndpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: runtime.tableName }));
  } catch {
    client.destroy();
    return undefined;
  }
  return {
    table: new DynamoCustomerTable({ client, tableName: runtime.tableName }),
    via: `through npm start, pid ${runtime.pid}`,
    close: async () => client.destroy(),
  };
}

/**
 * The local data directory of `npm start` / `npm run replay`: the pseudonym key from its keyring (never created
 * here), the records from its embedded DynamoDB, through the running runtime when there is one, else opened directly
 * (and closed again) when no other process holds it.
 */
export async function openLocalSource(dataDir: string): Promise<CustomerRecordsSource> {
  const paths = localPaths(dataDir);
  if (!existsSync(paths.keyring) || !existsSync(paths.dynamodb)) throw new NoLocalDataError(dataDir);
  const { keys } = await loadOrCreateLocalKeys(paths.keyring);
  const pseudonymizer = new HmacPseudonymizer(async () => keys.pseudonymKey);
  const deliveries = (pseudonym: string) => readLocalDeliveries(paths.events, pseudonym);
  const running = await throughRunningRuntime(dataDir);
  if (running) {
    return {
      description: `local data in ${dataDir} (${running.via})`,
      pseudonymOf: (customerId) => pseudonymizer.pseudonymOf(customerId),
      reader: running.table,
      deliveries,
      close: running.close,
    };
  }
  await assertNotLocked(paths.dynamodb, dataDir);
  const db = await startEmbeddedDynamoDb({ path: paths.dynamodb });
  return {
    description: `local data in ${dataDir} (opened directly; npm start is not running)`,
    pseudonymOf: (customerId) => pseudonymizer.pseudonymOf(customerId),
    reader: new DynamoCustomerTable({ client: db.client, tableName: db.tableName }),
    deliveries,
    close: () => db.close(),
  };
}
