import { type DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CUSTOMER_KEYS_TABLE } from '../../core/contracts/table.ts';
import type { CustomerKeyStore } from '../../core/ports/crypto.ts';
import { batchWrite, deleteRequest } from './batch-write.ts';

const { partitionKey, sortKey } = CUSTOMER_KEYS_TABLE;

/** The customers' wrapped data keys in their own table (no backups): `destroy` is crypto-shredding. */
export class DynamoKeyStore implements CustomerKeyStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async put(pseudonym: string, keyId: string, wrapped: Uint8Array, createdAt: number): Promise<void> {
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: {
          [partitionKey]: { S: pseudonym },
          [sortKey]: { S: keyId },
          wrapped: { B: wrapped },
          createdAt: { N: String(createdAt) },
        },
      }),
    );
  }

  async get(pseudonym: string, keyId: string): Promise<Uint8Array | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: { [partitionKey]: { S: pseudonym }, [sortKey]: { S: keyId } },
        ConsistentRead: true,
      }),
    );
    return Item?.wrapped?.B;
  }

  async destroy(pseudonym: string, upTo: number): Promise<number> {
    const { Items = [] } = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
        FilterExpression: 'createdAt <= :upTo',
        ExpressionAttributeValues: { ':pk': { S: pseudonym }, ':upTo': { N: String(upTo) } },
        ProjectionExpression: '#pk, #sk',
        ConsistentRead: true,
      }),
    );
    await batchWrite(
      this.#client,
      this.#table,
      Items.map((item) => deleteRequest({ [partitionKey]: item[partitionKey]!, [sortKey]: item[sortKey]! })),
    );
    return Items.length;
  }
}
