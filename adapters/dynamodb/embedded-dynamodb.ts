import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { ensureIdempotencyTable, ensureTable } from './create-table.ts';

export interface EmbeddedDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  tableName: string;
  /** The send ledger's table, as the idempotency table on AWS. */
  idempotencyTableName: string;
  close(): Promise<void>;
}

/** Local credentials for the embedded server; it checks their shape, not their value. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
}

/**
 * Starts dynalite (embedded DynamoDB) on 127.0.0.1 — on disk under `path`, in memory without — and creates the
 * journey table with its `wake` index and the idempotency table when missing.
 */
export async function startEmbeddedDynamoDb(
  options: { path?: string; port?: number; tableName?: string } = {},
): Promise<EmbeddedDynamoDb> {
  const server: Server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const tableName = options.tableName ?? 'journeys';
  const idempotencyTableName = `${tableName}-idempotency`;
  await ensureTable(client, tableName);
  await ensureIdempotencyTable(client, idempotencyTableName);
  return {
    endpoint,
    client,
    tableName,
    idempotencyTableName,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
