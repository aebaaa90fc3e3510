import { describe, expect, inject, it } from 'vitest';
import { DynamoJourneyBudget } from '../../../../adapters/dynamodb/journey-budget-table.ts';
import type { BudgetAsk } from '../../../../core/ports/journey-budget.ts';
import { harnessClients } from '../../harness/aws-clients.ts';
import { createJourneyTable } from '../../harness/moto-fixtures.ts';
import { inputsOf, recordRequests } from '../../harness/request-log.ts';

const clients = harnessClients(inject('motoEndpoint'));

const ask = (n: number, caps: Partial<BudgetAsk>): BudgetAsk => ({
  journeyId: 'cart',
  messageId: `cart:m${n}`,
  day: '2026-11-29',
  shards: 4,
  now: 0,
  ...caps,
});

describe('journey budget on DynamoDB (moto)', () => {
  it('grants exactly the caps to concurrent messages over two budget days, with conditional updates', async () => {
    const tableName = await createJourneyTable(clients);
    const sent = recordRequests(clients.dynamodb);
    const budget = new DynamoJourneyBudget({ client: clients.dynamodb, tableName });
    const caps = { daily: 6, total: 10 };
    const first = await Promise.all(Array.from({ length: 9 }, (_, n) => budget.take(ask(n, caps))));
    const nextDay = { ...caps, day: '2026-11-30', now: 86_400_000 };
    const second = await Promise.all(Array.from({ length: 9 }, (_, n) => budget.take(ask(100 + n, nextDay))));
    expect([first, second].map((takes) => takes.filter((take) => take.granted).length)).toEqual([6, 4]);
    expect(second.filter((take) => !take.granted)).toEqual(Array(5).fill({ granted: false, limit: 'total' }));
    expect(await budget.usage('cart', '2026-11-30', 4)).toEqual({ day: 4, total: 10 });
    expect(inputsOf(sent, 'UpdateItem').length).toBeGreaterThanOrEqual(10);
  });
});
