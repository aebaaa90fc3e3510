import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_TABLE, TABLE } from '../../core/contracts/table.ts';

/**
 * Creates the journey table with its sparse `wake` GSI if it does not exist (local runtime and tests; on AWS the CDK
 * stack owns the table, from the same contract). Waits until it is ACTIVE.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'existed'> {
  const { partitionKey, sortKey, wakeIndex } = TABLE;
  return ensure(
    client,
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey, wakeIndex.partitionKey, wakeIndex.sortKey].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: wakeIndex.name,
          KeySchema: [
            { AttributeName: wakeIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: wakeIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
}

/** Creates the idempotency table of delivery (the send ledger) if it does not exist. */
export async function ensureIdempotencyTable(client: DynamoDBClient, tableName: string) {
  const { partitionKey } = IDEMPOTENCY_TABLE;
  return ensure(
    client,
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
    }),
  );
}

async function ensure(client: DynamoDBClient, create: CreateTableCommand): Promise<'created' | 'existed'> {
  const TableName = create.input.TableName;
  try {
    await client.send(new DescribeTableCommand({ TableName }));
    return 'existed';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(create);
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.5 }, { TableName });
  return 'created';
}
