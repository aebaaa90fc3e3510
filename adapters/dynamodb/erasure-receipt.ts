import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { KEYS, TABLE } from '../../core/contracts/table.ts';
import type { ErasureRef } from '../../core/ports/store.ts';
import { toMs } from '../../core/time.ts';

/**
 * An erasure's receipt beside the tombstone (`sk = ERASURE#<erasedAt>#<request hash>`): how many items the erasure
 * deleted, written by its first run before it deletes anything, and how many data keys it destroyed. Counts only, no
 * identifier; it expires with the tombstone.
 */
export class ErasureReceipts {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #ttlSeconds: number;

  constructor(client: DynamoDBClient, tableName: string, ttlSeconds: number) {
    this.#client = client;
    this.#table = tableName;
    this.#ttlSeconds = ttlSeconds;
  }

  /** The sort key of the erasure's receipt. */
  sortKey(erasure: ErasureRef): string {
    return KEYS.erasure(erasure.erasedAt, erasure.request);
  }

  /** The receipt's count of deleted items; without a receipt yet, one is written with `itemsDeleted`. */
  async itemsDeleted(pseudonym: string, erasure: ErasureRef, itemsDeleted: number, exists: boolean): Promise<number> {
    if (!exists) {
      try {
        const expires = Math.floor(toMs(erasure.erasedAt) / 1000) + this.#ttlSeconds;
        await this.#client.send(
          new PutItemCommand({
            TableName: this.#table,
            Item: {
              ...this.#key(pseudonym, erasure),
              itemsDeleted: { N: String(itemsDeleted) },
              [TABLE.timeToLive]: { N: String(expires) },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return itemsDeleted;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: this.#key(pseudonym, erasure), ConsistentRead: true }),
    );
    return Number(Item?.itemsDeleted?.N ?? itemsDeleted);
  }

  /** Puts `keysDestroyed` on the receipt unless a number is there already; returns the number kept. */
  async keysDestroyed(pseudonym: string, erasure: ErasureRef, keysDestroyed: number): Promise<number> {
    try {
      const { Attributes } = await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: this.#key(pseudonym, erasure),
          UpdateExpression: 'SET keysDestroyed = if_not_exists(keysDestroyed, :keys)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':keys': { N: String(keysDestroyed) } },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.keysDestroyed?.N ?? keysDestroyed);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return keysDestroyed;
    }
  }

  #key(pseudonym: string, erasure: ErasureRef): Record<string, AttributeValue> {
    return { pk: { S: KEYS.customer(pseudonym) }, sk: { S: this.sortKey(erasure) } };
  }
}
