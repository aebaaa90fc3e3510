import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { KEYS } from '../../core/contracts/table.ts';
import { bucketOf } from '../../core/hash.ts';
import { budgetShards, shareOf } from '../../core/policy/journey-budget.ts';
import type {
  BudgetAsk,
  BudgetReader,
  BudgetReceipt,
  BudgetTake,
  BudgetUsage,
  JourneyBudget,
  PaceAsk,
  PaceTake,
  SendPacer,
} from '../../core/ports/journey-budget.ts';

export interface JourneyBudgetTableOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long this process remembers that a journey's budget is spent, asking the table nothing (default 30 s). */
  rememberSpentMs?: number;
}

type Item = Record<string, AttributeValue>;
type Limit = 'daily' | 'total';
type BudgetAnswer = { granted: true } | { granted: false; limit: Limit };
type ShardAnswer = BudgetAnswer | { granted: false; retry: true };

const N = (value: number): AttributeValue => ({ N: String(value) });
const numberOf = (value: AttributeValue | undefined): number => Number(value?.N ?? '0');
const NAMES = { '#day': 'day', '#count': 'dayCount', '#total': 'total' };

function conditionFailed(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException;
}

/**
 * The journeys' budgets in the journey table (decision 0008). Each cap is split over `shards` items with their own
 * partition key (`B#<journeyId>#<shard>`); a shard holds its current budget day, that day's count and its total.
 * Taking a unit is one atomic conditional `UpdateItem` on the shard the messageId hashes to; a spent shard passes the
 * ask to the next one, and a message is refused only when every shard refused it, so the shards together grant
 * exactly the cap, never more. A refused budget is remembered briefly so a spent journey costs no writes.
 */
export class DynamoJourneyBudget implements JourneyBudget, BudgetReader, SendPacer {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #rememberSpentMs: number;
  readonly #spent = new Map<string, { limit: Limit; until: number }>();

  constructor(options: JourneyBudgetTableOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#rememberSpentMs = options.rememberSpentMs ?? 30_000;
  }

  #key(journeyId: string, shard: number): Item {
    return { pk: { S: KEYS.budget(journeyId, shard) }, sk: { S: KEYS.budgetItem } };
  }

  #remembered(ask: BudgetAsk): Limit | undefined {
    for (const key of [`${ask.journeyId}|total`, `${ask.journeyId}|${ask.day}`]) {
      const memory = this.#spent.get(key);
      if (memory && memory.until > ask.now) return memory.limit;
      if (memory) this.#spent.delete(key);
    }
    return undefined;
  }

  async take(ask: BudgetAsk): Promise<BudgetTake> {
    const remembered = this.#remembered(ask);
    if (remembered) return { granted: false, limit: remembered };
    const shards = budgetShards(ask.shards, ask);
    const first = bucketOf(ask.messageId, shards);
    let everyRefusalTotal = true;
    for (let step = 0; step < shards; step += 1) {
      const shard = (first + step) % shards;
      const answer = await this.#takeFromShard(ask, shard, shards);
      if (answer.granted) return { granted: true, receipt: { journeyId: ask.journeyId, shard, day: ask.day } };
      if (answer.limit !== 'total') everyRefusalTotal = false;
    }
    const limit: Limit = everyRefusalTotal ? 'total' : 'daily';
    const key = limit === 'total' ? `${ask.journeyId}|total` : `${ask.journeyId}|${ask.day}`;
    this.#spent.set(key, { limit, until: ask.now + this.#rememberSpentMs });
    return { granted: false, limit };
  }

  /** A shard's answer, trying again when a concurrent take changed the shard between the write and the read. */
  async #takeFromShard(ask: BudgetAsk, shard: number, shards: number): Promise<BudgetAnswer> {
    const totalShare = ask.total === undefined ? undefined : shareOf(ask.total, shards, shard);
    const dailyShare = ask.daily === undefined ? undefined : shareOf(ask.daily, shards, shard);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await this.#tryShard(ask, shard, dailyShare, totalShare);
      if (!('retry' in answer)) return answer;
    }
    return { granted: false, limit: 'daily' };
  }

  /**
   * Same day: add one to the day's count and the total under both shares. On a failed condition the shard is read
   * (or the old item comes back with the failure, on AWS) to tell a spent share from a day the shard has not started.
   */
  async #tryShard(ask: BudgetAsk, shard: number, dailyShare?: number, totalShare?: number): Promise<ShardAnswer> {
    const underTotal = totalShare === undefined ? '' : ' AND #total < :totalShare';
    const values: Item = { ':day': { S: ask.day }, ':one': N(1) };
    if (totalShare !== undefined) values[':totalShare'] = N(totalShare);
    const sameDay: Item = dailyShare === undefined ? {} : { ':dailyShare': N(dailyShare) };
    const old = await this.#update(ask.journeyId, shard, {
      UpdateExpression: 'ADD #count :one, #total :one',
      ConditionExpression: `#day = :day${dailyShare === undefined ? '' : ' AND #count < :dailyShare'}${underTotal}`,
      ExpressionAttributeValues: { ...values, ...sameDay },
    });
    if (old === 'updated') return { granted: true };
    const item = old ?? (await this.#read(ask.journeyId, shard));
    if (totalShare !== undefined && numberOf(item?.total) >= totalShare) return { granted: false, limit: 'total' };
    const storedDay = item?.day?.S;
    if (storedDay !== undefined && storedDay >= ask.day) {
      if (storedDay > ask.day || (dailyShare !== undefined && numberOf(item?.dayCount) >= dailyShare)) {
        return { granted: false, limit: 'daily' };
      }
      return { granted: false, retry: true };
    }
    const newDay = await this.#update(ask.journeyId, shard, {
      UpdateExpression: 'SET #day = :day, #count = :one ADD #total :one',
      ConditionExpression: `(attribute_not_exists(#day) OR #day < :day)${
        totalShare === undefined ? '' : ' AND (attribute_not_exists(#total) OR #total < :totalShare)'
      }`,
      ExpressionAttributeValues: values,
    });
    return newDay === 'updated' ? { granted: true } : { granted: false, retry: true };
  }

  /** `updated`, or the item as it was when the condition failed (`undefined` where the server does not return it). */
  async #update(
    journeyId: string,
    shard: number,
    input: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeValues: Item },
  ): Promise<'updated' | Item | undefined> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: this.#key(journeyId, shard),
          ...input,
          ExpressionAttributeNames: NAMES,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'updated';
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return error.Item;
    }
  }

  async #read(journeyId: string, shard: number): Promise<Item | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: this.#key(journeyId, shard), ConsistentRead: true }),
    );
    return Item;
  }

  /** Gives a unit back to the shard it came from: to its day's count too while the shard is still on that day. */
  async giveBack(receipt: BudgetReceipt): Promise<void> {
    this.#spent.delete(`${receipt.journeyId}|total`);
    this.#spent.delete(`${receipt.journeyId}|${receipt.day}`);
    const base = { TableName: this.#table, Key: this.#key(receipt.journeyId, receipt.shard) };
    try {
      await this.#client.send(
        new UpdateItemCommand({
          ...base,
          UpdateExpression: 'ADD #count :minusOne, #total :minusOne',
          ConditionExpression: '#day = :day AND #count > :zero AND #total > :zero',
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: { ':minusOne': N(-1), ':zero': N(0), ':day': { S: receipt.day } },
        }),
      );
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      await this.#client
        .send(
          new UpdateItemCommand({
            ...base,
            UpdateExpression: 'ADD #total :minusOne',
            ConditionExpression: '#total > :zero',
            ExpressionAttributeNames: { '#total': 'total' },
            ExpressionAttributeValues: { ':minusOne': N(-1), ':zero': N(0) },
          }),
        )
        .catch((cause: unknown) => {
          if (!conditionFailed(cause)) throw cause;
        });
    }
  }

  async usage(journeyId: string, day: string, shards: number): Promise<BudgetUsage> {
    const items = await Promise.all(Array.from({ length: shards }, (_, shard) => this.#read(journeyId, shard)));
    return items.reduce<BudgetUsage>(
      (sum, item) => ({
        day: sum.day + (item?.day?.S === day ? numberOf(item.dayCount) : 0),
        total: sum.total + numberOf(item?.total),
      }),
      { day: 0, total: 0 },
    );
  }

  /**
   * One slot of the journey's current second, on the shard the messageId hashes to (each holds its share; never more
   * shards than slots, so every shard has one).
   */
  async pace(ask: PaceAsk): Promise<PaceTake> {
    const second = Math.floor(ask.now / 1000);
    const shards = Math.min(ask.shards, ask.perSecond);
    const shard = bucketOf(ask.messageId, shards);
    const share = shareOf(ask.perSecond, shards, shard);
    const retryAt = (second + 1) * 1000;
    const key = { pk: { S: KEYS.pace(ask.journeyId, shard) }, sk: { S: KEYS.paceItem } };
    const names = { '#second': 'second', '#count': 'count' };
    const values = { ':second': N(second), ':one': N(1) };
    const sameSecond = {
      UpdateExpression: 'ADD #count :one',
      ConditionExpression: '#second = :second AND #count < :share',
    };
    const newSecond = {
      UpdateExpression: 'SET #second = :second, #count = :one',
      ConditionExpression: 'attribute_not_exists(#second) OR #second < :second',
    };
    // The same second again after a lost race to start it: another worker started it first.
    for (const input of [sameSecond, newSecond, sameSecond]) {
      try {
        await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: key,
            ...input,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: input.ConditionExpression.includes(':share')
              ? { ...values, ':share': N(share) }
              : values,
          }),
        );
        return { granted: true };
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
    }
    return { granted: false, retryAt };
  }
}
