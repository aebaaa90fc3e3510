import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_TABLE } from '../../core/contracts/table.ts';
import type { DeliveryOutcome, LedgerClaim, SendLedger } from '../../core/ports/send-ledger.ts';

export interface DynamoSendLedgerOptions {
  client: DynamoDBClient;
  /** The idempotency table (partition key `id`, TTL attribute `expiration`). */
  tableName: string;
  /** How long a claim blocks other workers; longer than a delivery can take (default 2 minutes). */
  leaseMs?: number;
  /** How long a record is kept, so a late redelivery is still recognised (default 7 days). */
  retentionMs?: number;
  /**
   * This process's id. With `soleOwner`, a claim held by any other owner is taken over at once: the local runtime
   * is the only process of its data directory (runtime.lock), so another owner is a process that died mid-send.
   */
  owner?: string;
  soleOwner?: boolean;
}

/**
 * The send ledger on DynamoDB: one item per messageId, claimed with a conditional put. A send completed before its
 * `message.sent` was published carries `unannounced` until a conditional update removes it (so a record written
 * before that attribute existed reads as announced).
 */
export class DynamoSendLedger implements SendLedger {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #leaseMs: number;
  readonly #retentionMs: number;
  readonly #owner: string;
  readonly #soleOwner: boolean;

  constructor(options: DynamoSendLedgerOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#leaseMs = options.leaseMs ?? 120_000;
    this.#retentionMs = options.retentionMs ?? 7 * 86_400_000;
    this.#owner = options.owner ?? 'unnamed';
    this.#soleOwner = options.soleOwner ?? false;
  }

  #key(messageId: string) {
    return { [IDEMPOTENCY_TABLE.partitionKey]: { S: messageId } };
  }

  #expiration(now: number) {
    return { [IDEMPOTENCY_TABLE.timeToLive]: { N: String(Math.floor((now + this.#retentionMs) / 1000)) } };
  }

  async claim(messageId: string, now: number): Promise<LedgerClaim> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            ...this.#key(messageId),
            status: { S: 'in_progress' },
            leaseUntil: { N: String(now + this.#leaseMs) },
            owner: { S: this.#owner },
            ...this.#expiration(now),
          },
          ConditionExpression: this.#soleOwner
            ? 'attribute_not_exists(#id) OR (#status = :inProgress AND (leaseUntil < :now OR #owner <> :owner))'
            : 'attribute_not_exists(#id) OR (#status = :inProgress AND leaseUntil < :now)',
          ExpressionAttributeNames: {
            '#id': IDEMPOTENCY_TABLE.partitionKey,
            '#status': 'status',
            ...(this.#soleOwner ? { '#owner': 'owner' } : {}),
          },
          ExpressionAttributeValues: {
            ':inProgress': { S: 'in_progress' },
            ':now': { N: String(now) },
            ...(this.#soleOwner ? { ':owner': { S: this.#owner } } : {}),
          },
        }),
      );
      return { status: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: this.#key(messageId), ConsistentRead: true }),
    );
    if (Item?.status?.S === 'completed' && Item.outcome?.S) {
      const outcome = JSON.parse(Item.outcome.S) as DeliveryOutcome;
      return { status: 'completed', outcome, announced: Item.unannounced?.BOOL !== true };
    }
    return { status: 'in_progress' };
  }

  async complete(
    messageId: string,
    outcome: DeliveryOutcome,
    now: number,
    options: { announced: boolean } = { announced: true },
  ): Promise<void> {
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: {
          ...this.#key(messageId),
          status: { S: 'completed' },
          outcome: { S: JSON.stringify(outcome) },
          ...(options.announced ? {} : { unannounced: { BOOL: true } }),
          ...this.#expiration(now),
        },
      }),
    );
  }

  async markAnnounced(messageId: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: this.#key(messageId),
          UpdateExpression: 'REMOVE unannounced',
          // Never creates a record: one that expired meanwhile stays gone.
          ConditionExpression: '#status = :completed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':completed': { S: 'completed' } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async release(messageId: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: this.#key(messageId),
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': { S: 'in_progress' } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
