import { describe, expect, it } from 'vitest';
import { DynamoCustomerTable } from '../../../adapters/dynamodb/customer-table.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import type { IngestMessage, TimerDueMessage } from '../../../core/messages/queue-messages.ts';
import { handleSweep } from '../../../core/use-cases/handle-sweep.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';

const db = useEmbeddedDynamoDb();

describe('sweeper over the wake index (embedded DynamoDB)', () => {
  it('enqueues each due customer once, only for completed minutes, and catches up after missed runs', async () => {
    const table = new DynamoCustomerTable({ client: db().client, tableName: db().tableName });
    const due: Array<{ pseudonym: string }> = [];
    const ingest = {
      send: async (messages: readonly IngestMessage[]) =>
        void due.push(...messages.map((message) => ({ pseudonym: (message as TimerDueMessage).pseudonym }))),
    };
    const at = (iso: string) => ({ now: () => Date.parse(iso) });
    const customer = async (n: number, fireAt: string) => {
      const pseudonym = n.toString(16).padStart(64, '0');
      await table.save({ ...newCustomer(pseudonym), timers: [{ kind: 'erasure', id: 'erasure', fireAt }] }, 0);
      return pseudonym;
    };
    const early = await customer(1, '2026-11-23T10:00:10.000Z');
    const sameMinute = await customer(2, '2026-11-23T10:00:50.000Z');
    const current = await customer(3, '2026-11-23T10:01:30.000Z');
    const later = await customer(4, '2026-11-23T10:07:00.000Z');

    const first = await handleSweep({ wakeIndex: table, ingest, clock: at('2026-11-23T10:01:40Z') });
    expect(due.map((entry) => entry.pseudonym).sort()).toEqual([early, sameMinute].sort());
    expect(first.lagSeconds).toBe(0);
    expect(await table.lastSweptMinute()).toBe('2026-11-23T10:00:00.000Z');
    expect(due.map((entry) => entry.pseudonym)).not.toContain(current);

    const afterMissedRuns = await handleSweep({ wakeIndex: table, ingest, clock: at('2026-11-23T10:09:05Z') });
    expect(afterMissedRuns.minutesSwept).toBe(8);
    expect(due.map((entry) => entry.pseudonym).sort()).toEqual([early, sameMinute, current, later].sort());
    expect(new Set(due.map((entry) => entry.pseudonym)).size).toBe(due.length);
  });

  it('catches up a long outage over several runs and reports the lag', async () => {
    const table = new DynamoCustomerTable({ client: db().client, tableName: `${db().tableName}` });
    await table.markSwept('2026-11-23T12:00:00.000Z');
    const ingest = { send: async () => {} };
    const clock = { now: () => Date.parse('2026-11-23T12:10:30Z') };
    const result = await handleSweep({ wakeIndex: table, ingest, clock }, { maxMinutesPerRun: 4 });
    expect(result).toMatchObject({ minutesSwept: 4, lagSeconds: 300 });
    expect(await table.lastSweptMinute()).toBe('2026-11-23T12:04:00.000Z');
  });
});
