import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { localDynamoClient, startEmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { LocalDataInUseError, NoLocalDataError } from '../cli-errors.ts';
import { localPaths } from './local-services.ts';
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
async function throughRunningRuntime(dataDir: string): Promise<LocalTable | undefined> {
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
    description: `local data in ${dataDir} (through npm start, pid ${runtime.pid})`,
    close: async () => client.destroy(),
  };
}

export interface LocalTable {
  table: DynamoCustomerTable;
  /** Where the data came from, for the tool's heading. */
  description: string;
  close(): Promise<void>;
}

/**
 * The journey table of a local data directory (`npm start`, `npm run replay --data-dir`): through the running runtime
 * when there is one, else opened directly (close it again) when no other process holds it.
 */
export async function openLocalTable(dataDir: string): Promise<LocalTable> {
  const paths = localPaths(dataDir);
  if (!existsSync(paths.keyring) || !existsSync(paths.dynamodb)) throw new NoLocalDataError(dataDir);
  const running = await throughRunningRuntime(dataDir);
  if (running) return running;
  await assertNotLocked(paths.dynamodb, dataDir);
  const db = await startEmbeddedDynamoDb({ path: paths.dynamodb });
  return {
    table: new DynamoCustomerTable({ client: db.client, tableName: db.tableName }),
    description: `local data in ${dataDir} (opened directly; npm start is not running)`,
    close: () => db.close(),
  };
}
