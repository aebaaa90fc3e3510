import { describe, expect, it } from 'vitest';
import { DynamoCustomerTable } from '../../../adapters/dynamodb/customer-table.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import type { IngestMessage } from '../../../core/messages/queue-messages.ts';
import { handleSweep, type SweepPorts } from '../../../core/use-cases/handle-sweep.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';

const db = useEmbeddedDynamoDb();

function sweeper(failAfter = Number.POSITIVE_INFINITY) {
  const table = new DynamoCustomerTable({ client: db().client, tableName: db().tableName });
  const enqueued: string[] = [];
  let sent = 0;
  const ingest = {
    send: async (messages: readonly IngestMessage[]) => {
      if (sent >= failAfter) throw new Error('crash while enqueueing');
      sent += 1;
      for (const message of messages) if (message.kind === 'timer-due') enqueued.push(message.pseudonym);
    },
  };
  const sweep = (iso: string, options = {}) =>
    handleSweep({ wakeIndex: table, ingest, clock: { now: () => Date.parse(iso) } } satisfies SweepPorts, options);
  return { table, enqueued, sweep };
}

let next = 1000;
async function customer(table: DynamoCustomerTable, indexedWakeAt: string): Promise<string> {
  const pseudonym = (next++).toString(16).padStart(64, '0');
  await table.save({ ...newCustomer(pseudonym), indexedWakeAt }, 0);
  return pseudonym;
}

describe('sweeper over the wake index (embedded DynamoDB)', () => {
  it('enqueues every customer whose wake time has passed, the current minute included, and nobody due later', async () => {
    const { table, enqueued, sweep } = sweeper();
    const overdue = await customer(table, '2026-11-23T09:00:00.000Z');
    const thisMinute = await customer(table, '2026-11-23T10:01:10.000Z');
    const later = await customer(table, '2026-11-23T10:01:50.000Z');
    const result = await sweep('2026-11-23T10:01:40Z');
    expect(enqueued).toEqual(expect.arrayContaining([overdue, thisMinute]));
    expect(enqueued).not.toContain(later);
    expect(result.lagSeconds).toBeGreaterThanOrEqual(3700);
  });

  it('finds an overdue customer again after a run that crashed mid-sweep, whatever happened before', async () => {
    const crashing = sweeper(0);
    const stranded = await customer(crashing.table, '2026-11-23T11:00:00.000Z');
    await expect(crashing.sweep('2026-11-23T11:00:30Z')).rejects.toThrow('crash while enqueueing');
    const { enqueued, sweep } = sweeper();
    await sweep('2026-11-23T12:30:00Z');
    expect(enqueued).toContain(stranded);
  });

  it('finds an overdue customer again when the timer.due of an earlier run was lost (no checkpoint to skip it)', async () => {
    const first = sweeper();
    const lost = await customer(first.table, '2026-11-23T11:30:00.000Z');
    await first.sweep('2026-11-23T11:30:30Z');
    expect(first.enqueued).toContain(lost);
    const afterRestart = sweeper();
    await afterRestart.sweep('2026-11-23T11:31:30Z');
    expect(afterRestart.enqueued).toContain(lost);
  });

  it('does not enqueue a backlog again while its timer.due may still be queued, and does after the grace', async () => {
    const { table, enqueued, sweep } = sweeper();
    const waiting = await customer(table, '2026-11-23T13:00:00.000Z');
    const recent = new Map<string, number>();
    await sweep('2026-11-23T13:00:10Z', { recent });
    await sweep('2026-11-23T13:01:10Z', { recent });
    expect(enqueued.filter((pseudonym) => pseudonym === waiting)).toHaveLength(1);
    await sweep('2026-11-23T13:06:10Z', { recent });
    expect(enqueued.filter((pseudonym) => pseudonym === waiting)).toHaveLength(2);
  });

  it('enqueues a customer at once for a later timer, though the earlier one was enqueued within the grace', async () => {
    const { table, enqueued, sweep } = sweeper();
    const twoTimers = await customer(table, '2026-11-23T14:00:00.000Z');
    const recent = new Map<string, number>();
    await sweep('2026-11-23T14:00:10Z', { recent });
    // Its timer.due was handled: the next timer (two minutes later) is now the indexed wake time.
    const state = await table.load(twoTimers);
    await table.save({ ...state, indexedWakeAt: '2026-11-23T14:02:00.000Z' }, state.v);
    await sweep('2026-11-23T14:02:10Z', { recent });
    expect(enqueued.filter((pseudonym) => pseudonym === twoTimers)).toHaveLength(2);
  });

  it('takes at most maxPerShard customers per shard in one run and reports the shard as truncated', async () => {
    const { table, sweep } = sweeper();
    for (let index = 0; index < 40; index += 1) await customer(table, '2026-11-20T00:00:00.000Z');
    const result = await sweep('2026-11-20T00:00:01Z', { maxPerShard: 1 });
    expect(result.truncatedShards).toBeGreaterThan(0);
    expect(result.customers).toBeLessThanOrEqual(16);
  });
});
