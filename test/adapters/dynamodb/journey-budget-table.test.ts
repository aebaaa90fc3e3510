import { describe, expect, it } from 'vitest';
import { DynamoJourneyBudget } from '../../../adapters/dynamodb/journey-budget-table.ts';
import { MemoryJourneyBudget } from '../../../adapters/local/memory-journey-budget.ts';
import type { BudgetAsk, BudgetReader, JourneyBudget, SendPacer } from '../../../core/ports/journey-budget.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';

const db = useEmbeddedDynamoDb();
type Budget = JourneyBudget & BudgetReader & SendPacer;
const budgets: Array<[string, () => Budget]> = [
  ['DynamoDB', () => new DynamoJourneyBudget({ client: db().client, tableName: db().tableName })],
  ['in memory', () => new MemoryJourneyBudget()],
];

let journeys = 0;
/** A journey id of its own per test: the DynamoDB budgets share one table. */
function freshJourney(): string {
  journeys += 1;
  return `budget-test-${journeys}`;
}

/** The embedded table's client, counting the calls made through it. */
function countingClient() {
  const client = db().client;
  const counter = { calls: 0 };
  const send = (command: never) => {
    counter.calls += 1;
    return client.send(command);
  };
  return { client: { send } as unknown as typeof client, counter };
}

const ask = (journeyId: string, n: number, caps: Partial<BudgetAsk>): BudgetAsk => ({
  journeyId,
  messageId: `${journeyId}:m${n}`,
  day: '2026-11-23',
  shards: 4,
  now: 0,
  ...caps,
});

const granted = (takes: Array<{ granted: boolean }>) => takes.filter((take) => take.granted).length;

describe.each(budgets)('journey budget (%s)', (_, budgetOf) => {
  it('grants exactly the daily cap to many concurrent messages and refuses the rest as daily', async () => {
    const budget = budgetOf();
    const journeyId = freshJourney();
    const takes = await Promise.all(
      Array.from({ length: 40 }, (_, n) => budget.take(ask(journeyId, n, { daily: 17 }))),
    );
    expect(granted(takes)).toBe(17);
    expect(takes.filter((take) => !take.granted)).toEqual(Array(23).fill({ granted: false, limit: 'daily' }));
    expect(await budget.usage(journeyId, '2026-11-23', 4)).toEqual({ day: 17, total: 17 });
  });

  it('starts a new count on a new budget day and refuses everything over the total cap as total', async () => {
    const budget = budgetOf();
    const journeyId = freshJourney();
    const caps = { daily: 3, total: 5 };
    const first = await Promise.all([0, 1, 2, 3].map((n) => budget.take(ask(journeyId, n, caps))));
    const next = { ...caps, day: '2026-11-24', now: 86_400_000 };
    const second = await Promise.all([4, 5, 6, 7].map((n) => budget.take(ask(journeyId, n, next))));
    expect([granted(first), granted(second)]).toEqual([3, 2]);
    expect(second.filter((take) => !take.granted)).toEqual([
      { granted: false, limit: 'total' },
      { granted: false, limit: 'total' },
    ]);
    expect(await budget.usage(journeyId, '2026-11-24', 4)).toEqual({ day: 2, total: 5 });
  });

  it('lets another message take a unit that was given back', async () => {
    const budget = budgetOf();
    const journeyId = freshJourney();
    const first = await budget.take(ask(journeyId, 1, { daily: 1 }));
    expect(await budget.take(ask(journeyId, 2, { daily: 1 }))).toEqual({ granted: false, limit: 'daily' });
    if (!first.granted) throw new Error('the first message should have its unit');
    await budget.giveBack(first.receipt);
    expect((await budget.take(ask(journeyId, 3, { daily: 1 }))).granted).toBe(true);
    expect(await budget.usage(journeyId, '2026-11-23', 4)).toEqual({ day: 1, total: 1 });
  });

  it('paces sends to the journey rate: the slots of a second, then the next second', async () => {
    const pacer = budgetOf();
    const journeyId = freshJourney();
    const pace = (n: number, now: number) =>
      pacer.pace({ journeyId, messageId: `m${n}`, perSecond: 3, shards: 1, now });
    const inOneSecond = await Promise.all([0, 1, 2, 3, 4].map((n) => pace(n, 5_000 + n * 100)));
    expect(inOneSecond.filter((take) => take.granted)).toHaveLength(3);
    expect(inOneSecond.filter((take) => !take.granted)).toEqual(Array(2).fill({ granted: false, retryAt: 6_000 }));
    expect(await pace(5, 6_000)).toEqual({ granted: true });
  });
});

describe('journey budget on DynamoDB', () => {
  it('asks the table nothing for a journey it has just seen spent, until the memory runs out', async () => {
    const { client, counter } = countingClient();
    const budget = new DynamoJourneyBudget({ client, tableName: db().tableName, rememberSpentMs: 1_000 });
    const journeyId = freshJourney();
    await budget.take(ask(journeyId, 1, { daily: 1 }));
    await budget.take(ask(journeyId, 2, { daily: 1 }));
    const afterRefusal = counter.calls;
    expect(await budget.take(ask(journeyId, 3, { daily: 1, now: 999 }))).toEqual({ granted: false, limit: 'daily' });
    expect(counter.calls).toBe(afterRefusal);
    await budget.take(ask(journeyId, 4, { daily: 1, now: 1_000 }));
    expect(counter.calls).toBeGreaterThan(afterRefusal);
  });

  it('takes a unit on the common path with one conditional write', async () => {
    const { client, counter } = countingClient();
    const budget = new DynamoJourneyBudget({ client, tableName: db().tableName });
    const journeyId = freshJourney();
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((n) => budget.take(ask(journeyId, n, { daily: 100 }))));
    counter.calls = 0;
    await budget.take(ask(journeyId, 8, { daily: 100 }));
    expect(counter.calls).toBe(1);
  });
});
