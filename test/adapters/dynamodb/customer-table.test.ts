import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoCustomerTable } from '../../../adapters/dynamodb/customer-table.ts';
import type { DecisionRecord } from '../../../core/customer/outbox.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import { wakeShardOf } from '../../../core/customer/wake.ts';
import { VersionConflictError } from '../../../core/errors.ts';
import { fnv1a } from '../../../core/hash.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';
import { asDecisions, asProofs } from '../../support/log-entries.ts';

const db = useEmbeddedDynamoDb();
let counter = 0;
const pseudonym = () => `${(++counter).toString(16).padStart(4, '0')}${'b'.repeat(60)}`;
const table = () => new DynamoCustomerTable({ client: db().client, tableName: db().tableName });

const decision = (who: string, n: number): DecisionRecord => ({
  messageId: `cart:${who.slice(0, 20)}.1:cartReminder:${n}`,
  pseudonym: who,
  journeyId: 'cart',
  version: 1,
  entry: 1,
  message: 'cartReminder',
  channel: 'email',
  template: 'cart-reminder',
  category: 'promotional',
  statePath: 'reminded',
  trigger: { type: 'timer' },
  askedAt: `2026-11-23T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
  decidedAt: `2026-11-23T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
  outcome: 'send',
  reasons: [],
  policyVersion: 'p1',
});

describe('DynamoDB customer table (embedded DynamoDB, real client)', () => {
  it('stores a new customer and reads it back with a strongly consistent read', async () => {
    const who = pseudonym();
    const state = { ...newCustomer(who), contact: Buffer.from('sealed').toString('base64'), tz: 'Asia/Seoul' };
    const saved = await table().save(state, 0);
    expect(saved.v).toBe(1);
    expect(await table().load(who)).toEqual({ ...state, v: 1 });
  });

  it('returns a new customer at version 0 when nothing is stored', async () => {
    expect(await table().load(pseudonym())).toMatchObject({ v: 0, journeys: {}, outbox: [] });
  });

  it('throws VersionConflictError when the item changed since it was read', async () => {
    const who = pseudonym();
    await table().save(newCustomer(who), 0);
    await expect(table().save(newCustomer(who), 0)).rejects.toBeInstanceOf(VersionConflictError);
    await table().save({ ...newCustomer(who), v: 1 }, 1);
    await expect(table().save({ ...newCustomer(who), v: 1 }, 1)).rejects.toThrow(/changed since version 1/);
  });

  it('clears the outbox only while the item is still at the expected version', async () => {
    const who = pseudonym();
    const outbox = [
      {
        kind: 'erasure' as const,
        reason: 'account_closed',
        erasedAt: '2026-11-23T10:00:00.000Z',
        at: '2026-11-23T10:00:00.000Z',
      },
    ];
    await table().save({ ...newCustomer(who), outbox }, 0);
    expect(await table().clearOutbox(who, 0)).toBe(false);
    expect((await table().load(who)).outbox).toEqual(outbox);
    expect(await table().clearOutbox(who, 1)).toBe(true);
    expect((await table().load(who)).outbox).toEqual([]);
  });

  it('indexes a customer in its wake shard at its indexed wake time, finds it once that time has passed, and not without one', async () => {
    const who = pseudonym();
    const shard = wakeShardOf(who);
    await table().save({ ...newCustomer(who), indexedWakeAt: '2026-11-23T11:05:30.000Z' }, 0);
    expect(await table().dueBy(shard, '2026-11-23T11:05:29.999Z', 100)).not.toContainEqual(
      expect.objectContaining({ pseudonym: who }),
    );
    expect(await table().dueBy(shard, '2026-11-23T11:05:30.000Z', 100)).toContainEqual({
      pseudonym: who,
      wakeAt: '2026-11-23T11:05:30.000Z',
    });
    expect((await table().load(who)).indexedWakeAt).toBe('2026-11-23T11:05:30.000Z');
    await table().save({ ...newCustomer(who) }, 1);
    expect(await table().dueBy(shard, '2099-01-01T00:00:00.000Z', 100)).not.toContainEqual(
      expect.objectContaining({ pseudonym: who }),
    );
  });

  it('appends decisions in batches and reads them back since a time', async () => {
    const who = pseudonym();
    await table().append(asDecisions(Array.from({ length: 60 }, (_, n) => decision(who, n))));
    expect(await table().decisions(who)).toHaveLength(60);
    const recent = await table().decisions(who, '2026-11-23T10:50');
    expect(recent.map((record) => record.decidedAt)).toHaveLength(10);
    const raw = await db().client.send(
      new QueryCommand({
        TableName: db().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `C#${who}` } },
        Limit: 1,
      }),
    );
    expect(Number(raw.Items?.[0]?.ttl?.N)).toBe(Math.floor(Date.parse('2026-11-23T10:00:00Z') / 1000) + 400 * 86_400);
  });

  it('keeps an append-only consent history', async () => {
    const who = pseudonym();
    const proof = {
      pseudonym: who,
      channel: 'email' as const,
      purpose: 'marketing',
      source: 'signup',
      wordingVersion: 'v1',
      eventId: 'e1',
    };
    await table().append(
      asProofs([
        { ...proof, at: '2026-01-01T00:00:00.000Z', granted: true },
        { ...proof, at: '2026-06-01T00:00:00.000Z', granted: false, eventId: 'e2' },
      ]),
    );
    expect((await table().consentHistory(who)).map((entry) => entry.granted)).toEqual([true, false]);
  });

  it('erases every record of the customer but the customer item and the erasure receipt, which expire with the tombstone', async () => {
    const who = pseudonym();
    await table().save({ ...newCustomer(who), contact: 'c2VhbGVk' }, 0);
    await table().append(asDecisions([decision(who, 1), decision(who, 2)]));
    await table().append(
      asProofs([
        {
          pseudonym: who,
          at: '2026-01-01T00:00:00.000Z',
          channel: 'sms',
          purpose: 'marketing',
          granted: true,
          source: 's',
          wordingVersion: 'v',
          eventId: 'e',
        },
      ]),
    );
    await table().save({ ...newCustomer(who), erasedAt: '2026-11-23T12:00:00.000Z' }, 1);
    expect(await table().eraseRecords(who, { erasedAt: '2026-11-23T12:00:00.000Z', request: 'r-1' })).toBe(3);
    const left = await db().client.send(
      new QueryCommand({
        TableName: db().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `C#${who}` } },
      }),
    );
    const expires = String(Date.parse('2026-11-23T12:00:00.000Z') / 1000 + 400 * 86_400);
    expect(left.Items?.map((item) => [item.sk?.S, item.ttl?.N])).toEqual([
      [`ERASURE#2026-11-23T12:00:00.000Z#${fnv1a('r-1').toString(36)}`, expires],
      ['STATE', expires],
    ]);
    expect(left.Items?.[0]?.itemsDeleted?.N).toBe('3');
    expect(await table().load(who)).toMatchObject({ v: 2, erasedAt: '2026-11-23T12:00:00.000Z', journeys: {} });
    expect(await table().decisions(who)).toEqual([]);
  });
});
