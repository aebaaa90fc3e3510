import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { KEYS, TABLE } from '../../core/contracts/table.ts';
import { type LogEntry, logEntryOf } from '../../core/customer/log.ts';
import type { ConsentProof, ConversionRecord, DecisionRecord, EngagementRecord } from '../../core/customer/outbox.ts';
import type { CustomerState } from '../../core/customer/state.ts';
import { wakeShardKey } from '../../core/customer/wake.ts';
import { VersionConflictError } from '../../core/errors.ts';
import type {
  CustomerEraser,
  CustomerStore,
  DecisionLog,
  DueCustomer,
  ErasureRef,
  LogScanner,
  WakeIndex,
} from '../../core/ports/store.ts';
import type { RetryPolicy } from '../retry.ts';
import { batchWrite, deleteRequest, putRequest } from './batch-write.ts';
import { ErasureReceipts } from './erasure-receipt.ts';
import { docOf, itemToState, logEntryToItem, pseudonymOfKey, stateToItem } from './table-layout.ts';

export interface CustomerTableOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Decision log and tombstone retention (TTL), default 400 days. */
  retentionDays?: number;
  retry?: RetryPolicy;
}

type Item = Record<string, AttributeValue>;

/** The single DynamoDB table: customer items, decision log, consent proofs, tombstones, erasure receipts, wake index. */
export class DynamoCustomerTable implements CustomerStore, DecisionLog, LogScanner, WakeIndex, CustomerEraser {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #retry: RetryPolicy | undefined;
  readonly #receipts: ErasureReceipts;

  constructor(options: CustomerTableOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#ttlSeconds = (options.retentionDays ?? 400) * 86_400;
    this.#retry = options.retry;
    this.#receipts = new ErasureReceipts(options.client, options.tableName, this.#ttlSeconds);
  }

  /** One strongly consistent read of the customer item (after an erasure it is the tombstone). */
  async load(pseudonym: string): Promise<CustomerState> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: KEYS.customer(pseudonym) }, sk: { S: KEYS.state } },
        ConsistentRead: true,
      }),
    );
    return itemToState(pseudonym, Item);
  }

  async save(state: CustomerState, expectedVersion: number): Promise<CustomerState> {
    const version = expectedVersion + 1;
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: stateToItem(state, version, this.#ttlSeconds),
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': { N: String(expectedVersion) } } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new VersionConflictError({ pseudonym: state.pseudonym, expectedVersion, cause: error });
      }
      throw error;
    }
    return { ...state, v: version };
  }

  async clearOutbox(pseudonym: string, expectedVersion: number): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: { S: KEYS.customer(pseudonym) }, sk: { S: KEYS.state } },
          UpdateExpression: 'REMOVE outbox',
          ConditionExpression: 'v = :v',
          ExpressionAttributeValues: { ':v': { N: String(expectedVersion) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async append(entries: readonly LogEntry[]): Promise<void> {
    const requests = entries.map((entry) => putRequest(logEntryToItem(entry, this.#ttlSeconds)));
    await batchWrite(this.#client, this.#table, requests, this.#retry);
  }

  async conversions(pseudonym: string): Promise<ConversionRecord[]> {
    return this.#recordsWith<ConversionRecord>(pseudonym, KEYS.conversionPrefix);
  }

  async engagements(pseudonym: string): Promise<EngagementRecord[]> {
    return this.#recordsWith<EngagementRecord>(pseudonym, KEYS.engagementPrefix);
  }

  async #recordsWith<T>(pseudonym: string, prefix: string): Promise<T[]> {
    const items = await this.#query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': { S: KEYS.customer(pseudonym) }, ':prefix': { S: prefix } },
    });
    return items.map((item) => docOf<T>(item));
  }

  async decisions(pseudonym: string, since = ''): Promise<DecisionRecord[]> {
    const items = await this.#query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': { S: KEYS.customer(pseudonym) },
        ':from': { S: `${KEYS.decisionPrefix}${since}` },
        ':to': { S: `${KEYS.decisionPrefix}~` },
      },
    });
    return items.map((item) => docOf<DecisionRecord>(item));
  }

  async consentHistory(pseudonym: string): Promise<ConsentProof[]> {
    const items = await this.#query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': { S: KEYS.customer(pseudonym) }, ':prefix': { S: KEYS.consentPrefix } },
    });
    return items.map((item) => docOf<ConsentProof>(item));
  }

  async dueBy(shard: number, until: string, limit: number): Promise<DueCustomer[]> {
    const { name, partitionKey, sortKey } = TABLE.wakeIndex;
    const due: DueCustomer[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: name,
          KeyConditionExpression: '#shard = :shard AND #wakeAt <= :until',
          ExpressionAttributeNames: { '#shard': partitionKey, '#wakeAt': sortKey },
          ExpressionAttributeValues: { ':shard': { S: wakeShardKey(shard) }, ':until': { S: until } },
          Limit: limit - due.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        due.push({ pseudonym: pseudonymOfKey(item.pk?.S ?? ''), wakeAt: item[sortKey]?.S ?? until });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && due.length < limit);
    return due;
  }

  /**
   * Deletes every item of the pseudonym but the customer item and the erasure receipts: decisions, consent proofs.
   * The receipt counts them first (see `ErasureReceipts`).
   */
  async eraseRecords(pseudonym: string, erasure: ErasureRef): Promise<number> {
    const keys = await this.#query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: KEYS.customer(pseudonym) } },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    const receipt = this.#receipts.sortKey(erasure);
    const doomed = keys.filter((key) => key.sk?.S !== KEYS.state && !key.sk?.S?.startsWith(KEYS.erasurePrefix));
    const exists = keys.some((key) => key.sk?.S === receipt);
    const itemsDeleted = await this.#receipts.itemsDeleted(pseudonym, erasure, doomed.length, exists);
    await batchWrite(
      this.#client,
      this.#table,
      doomed.map((key) => deleteRequest({ pk: key.pk!, sk: key.sk! })),
      this.#retry,
    );
    return itemsDeleted;
  }

  async recordKeysDestroyed(pseudonym: string, erasure: ErasureRef, keysDestroyed: number): Promise<number> {
    return this.#receipts.keysDestroyed(pseudonym, erasure, keysDestroyed);
  }

  /** Every log entry in the table, page by page (a full Scan: for reports, never on the event path). */
  async *scanLog(): AsyncIterable<LogEntry> {
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          ProjectionExpression: 'sk, doc',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const entry = logEntryOf(item.sk?.S ?? '', docOf(item));
        if (entry) yield entry;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async #query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({ TableName: this.#table, ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
