import { describe, expect, it } from 'vitest';
import { MemoryCustomerTable } from '../../../adapters/local/memory-customer-table.ts';
import { MemoryJourneyBudget } from '../../../adapters/local/memory-journey-budget.ts';
import { MissingJourneyBudgetError, VersionConflictError } from '../../../core/errors.ts';
import { parseCustomerEvent } from '../../../core/events/parse.ts';
import type { ProtectedEvent } from '../../../core/events/protected.ts';
import { defineJourney } from '../../../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../../../core/journey-runtime/registry.ts';
import type { BudgetAsk, BudgetReceipt, JourneyBudget } from '../../../core/ports/journey-budget.ts';
import { type EnginePorts, handleCustomerEvent } from '../../../core/use-cases/with-customer.ts';
import { policy as housePolicy } from '../../../journeys/policy.ts';
import { promoJourney } from '../../support/test-journeys.ts';
import { startJourney } from '../../support/virtual-time.ts';

const START = '2026-11-23T10:00:00Z';
const anyHour = { ...housePolicy, quietHours: { startHour: 0, endHour: 0 } };
const capped = defineJourney({ ...promoJourney(), limits: { daily: 5 } });

/** A consenting customer with an email address, stored at version 1, and the product view that asks for the offer. */
async function customerReady() {
  const table = new MemoryCustomerTable();
  const { state } = startJourney(capped, { policy: anyHour, start: START });
  await table.save({ ...state, outbox: [] }, 0);
  const { customerId: _id, ...event } = parseCustomerEvent('product.viewed', {
    v: 1,
    eventId: '6f1c1c1e-8d1b-4c8e-9a51-3b7a2f0e9d10',
    occurredAt: START,
    customerId: 'c-1',
    productId: 'sku-1',
  });
  return { table, pseudonym: state.pseudonym, event: event as ProtectedEvent };
}

/** A budget that records every take and give-back. */
function recordingBudget(inner = new MemoryJourneyBudget()) {
  const taken: BudgetAsk[] = [];
  const givenBack: BudgetReceipt[] = [];
  const budget: JourneyBudget = {
    take: async (ask) => {
      taken.push(ask);
      return inner.take(ask);
    },
    giveBack: async (receipt) => {
      givenBack.push(receipt);
      await inner.giveBack(receipt);
    },
  };
  return { budget, inner, taken, givenBack };
}

function portsOf(table: MemoryCustomerTable, extra: Partial<EnginePorts>): EnginePorts {
  return {
    store: table,
    decisionLog: table,
    deliveries: { send: async () => {} },
    events: { publish: async () => {} },
    privacy: { send: async () => {} },
    clock: { now: () => Date.parse(START) },
    registry: new JourneyRegistry([capped]),
    policy: anyHour,
    ...extra,
  };
}

describe('a round under the journeys’ budgets', () => {
  it('gives its units back when the write loses to another worker, and takes one again on the retry', async () => {
    const { table, pseudonym, event } = await customerReady();
    const { budget, inner, taken, givenBack } = recordingBudget();
    let conflicts = 1;
    const store = {
      load: (id: string) => table.load(id),
      clearOutbox: (id: string, v: number) => table.clearOutbox(id, v),
      save: async (state: Parameters<typeof table.save>[0], expected: number) => {
        if (conflicts-- > 0) throw new VersionConflictError({ pseudonym, expectedVersion: expected });
        return table.save(state, expected);
      },
    };
    const handled = await handleCustomerEvent(pseudonym, event, portsOf(table, { budget, store }));
    expect(handled.attempts).toBe(2);
    expect([taken.length, givenBack.length]).toEqual([2, 1]);
    expect(await inner.usage(capped.id, '2026-11-23')).toEqual({ day: 1, total: 1 });
  });

  it('keeps its units when the write fails for an unknown reason (it may have landed): a unit lost, never a cap exceeded', async () => {
    const { table, pseudonym, event } = await customerReady();
    const { budget, inner, givenBack } = recordingBudget();
    const store = {
      load: (id: string) => table.load(id),
      clearOutbox: (id: string, v: number) => table.clearOutbox(id, v),
      save: async () => Promise.reject(new Error('timeout')),
    };
    await expect(handleCustomerEvent(pseudonym, event, portsOf(table, { budget, store }))).rejects.toThrow('timeout');
    expect(givenBack).toEqual([]);
    expect(await inner.usage(capped.id, '2026-11-23')).toEqual({ day: 1, total: 1 });
  });

  it('gives back what it took when a take fails, so a retry starts from a whole budget', async () => {
    const { table, pseudonym, event } = await customerReady();
    const second = defineJourney({ ...promoJourney({ id: 'second', priority: 5 }), limits: { total: 5 } });
    const registry = new JourneyRegistry([capped, second]);
    const inner = new MemoryJourneyBudget();
    const budget: JourneyBudget = {
      take: async (ask) => (ask.journeyId === 'second' ? Promise.reject(new Error('throttled')) : inner.take(ask)),
      giveBack: (receipt) => inner.giveBack(receipt),
    };
    const policy = { ...anyHour, maxPromotionalAtOnce: 2 };
    await expect(handleCustomerEvent(pseudonym, event, portsOf(table, { budget, registry, policy }))).rejects.toThrow(
      'throttled',
    );
    expect(await inner.usage(capped.id, '2026-11-23')).toEqual({ day: 0, total: 0 });
  });

  it('refuses to decide a capped journey’s send when no budget is wired (a composition bug)', async () => {
    const { table, pseudonym, event } = await customerReady();
    await expect(handleCustomerEvent(pseudonym, event, portsOf(table, {}))).rejects.toThrow(MissingJourneyBudgetError);
  });
});
