import type { CustomerState } from '../customer/state.ts';
import type { JourneyRegistry } from '../journey-runtime/registry.ts';
import type { BudgetRefusal } from '../policy/journey-budget.ts';
import {
  budgetApplies,
  budgetDayOf,
  budgetShards,
  budgetTimeZoneOf,
  DEFAULT_BUDGET_SHARDS,
} from '../policy/journey-budget.ts';
import type { BudgetAsk, BudgetReceipt, BudgetTake } from '../ports/journey-budget.ts';
import type { EngineContext } from './round.ts';

/** What a driver must do between two passes: take these units (answering in order) and give those back. */
export interface BudgetWork {
  take: BudgetAsk[];
  giveBack: BudgetReceipt[];
}

export interface WithinBudget<R> {
  result: R;
  /** Units held for the messages the result sends: give them back if the result is not written. */
  receipts: BudgetReceipt[];
}

function limitsOf(registry: JourneyRegistry, journeyId: string) {
  return registry.current().find((definition) => definition.id === journeyId)?.limits;
}

/** The budget units a round's result needs: one per promotional send of a journey with a daily or total cap. */
export function budgetAsks(loaded: CustomerState, next: CustomerState, ctx: EngineContext): BudgetAsk[] {
  const queuedBefore = new Set(
    loaded.outbox.flatMap((item) => (item.kind === 'delivery' ? [item.message.messageId] : [])),
  );
  const asks: BudgetAsk[] = [];
  for (const item of next.outbox) {
    if (item.kind !== 'delivery' || queuedBefore.has(item.message.messageId)) continue;
    const { journeyId, messageId, category } = item.message;
    const limits = limitsOf(ctx.registry, journeyId);
    if (!budgetApplies(limits, category)) continue;
    asks.push({
      journeyId,
      messageId,
      day: budgetDayOf(ctx.now, budgetTimeZoneOf(limits, ctx.policy)),
      ...(limits.daily !== undefined ? { daily: limits.daily } : {}),
      ...(limits.total !== undefined ? { total: limits.total } : {}),
      shards: budgetShards(limits.shards ?? DEFAULT_BUDGET_SHARDS, limits),
      now: ctx.now,
    });
  }
  return asks;
}

/**
 * The round under the journeys' budgets (decision 0008), as passes a driver runs: apply the round, yield the units
 * its sends need, and apply it again with the refused messages as input until every send holds a unit. A refused
 * message is decided `journey_budget` in the next pass, which may free a place a lower-priority message then takes;
 * refusals only grow, so the passes end. Pure: the driver (the ingest use case, the virtual-time harness) does the
 * taking.
 */
export function* withinBudget<R extends { state: CustomerState }>(
  loaded: CustomerState,
  ctx: EngineContext,
  apply: (ctx: EngineContext) => R,
): Generator<BudgetWork, WithinBudget<R>, BudgetTake[]> {
  const refusals: Record<string, BudgetRefusal> = {};
  const held = new Map<string, BudgetReceipt>();
  for (;;) {
    const result = apply(Object.keys(refusals).length > 0 ? { ...ctx, budgetRefusals: { ...refusals } } : ctx);
    const asks = budgetAsks(loaded, result.state, ctx);
    const wanted = new Set(asks.map((ask) => ask.messageId));
    const giveBack: BudgetReceipt[] = [];
    for (const [messageId, receipt] of held) {
      if (wanted.has(messageId)) continue;
      giveBack.push(receipt);
      held.delete(messageId);
    }
    const take = asks.filter((ask) => !held.has(ask.messageId));
    if (take.length === 0 && giveBack.length === 0) return { result, receipts: [...held.values()] };
    const takes = yield { take, giveBack };
    let refused = false;
    take.forEach((ask, index) => {
      const answer = takes[index];
      if (!answer) throw new RangeError(`No answer for the budget ask of ${ask.messageId}`);
      if (answer.granted) held.set(ask.messageId, answer.receipt);
      else {
        refusals[ask.messageId] = { limit: answer.limit };
        refused = true;
      }
    });
    if (!refused) return { result, receipts: [...held.values()] };
  }
}
