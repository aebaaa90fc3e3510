import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';

/** One in-memory embedded DynamoDB per test file, with the real table layout and `wake` index. */
export function useEmbeddedDynamoDb(): () => EmbeddedDynamoDb {
  let db: EmbeddedDynamoDb | undefined;
  beforeAll(async () => {
    db = await startEmbeddedDynamoDb();
  });
  afterAll(async () => {
    await db?.close();
  });
  return () => {
    if (!db) throw new Error('embedded DynamoDB not started yet');
    return db;
  };
}
