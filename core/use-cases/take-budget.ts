import type { CustomerState } from '../customer/state.ts';
import type { EngineContext } from '../engine/round.ts';
import { type WithinBudget, withinBudget } from '../engine/within-budget.ts';
import { MissingJourneyBudgetError } from '../errors.ts';
import type { BudgetReceipt, JourneyBudget } from '../ports/journey-budget.ts';

/** Gives units back; a unit that cannot be given back is lost to the budget, never sent twice: it is reported. */
export async function giveBackAll(budget: JourneyBudget | undefined, receipts: readonly BudgetReceipt[]) {
  if (!budget || receipts.length === 0) return;
  await Promise.all(receipts.map((receipt) => budget.giveBack(receipt)));
}

/**
 * Runs a round under the journeys' budgets (decision 0008), taking and giving back units between its passes. On a
 * failure every unit taken so far is given back before the error goes on, so a retry starts from a whole budget.
 */
export async function applyWithinBudget<R extends { state: CustomerState }>(
  loaded: CustomerState,
  ctx: EngineContext,
  apply: (ctx: EngineContext) => R,
  budget: JourneyBudget | undefined,
): Promise<WithinBudget<R>> {
  const passes = withinBudget(loaded, ctx, apply);
  const taken = new Set<BudgetReceipt>();
  try {
    for (let step = passes.next(); ; ) {
      if (step.done) return step.value;
      const work = step.value;
      if (!budget) throw new MissingJourneyBudgetError({ journeyId: work.take[0]?.journeyId ?? '?' });
      for (const receipt of work.giveBack) {
        taken.delete(receipt);
        await budget.giveBack(receipt);
      }
      const answers = await Promise.allSettled(work.take.map((ask) => budget.take(ask)));
      for (const answer of answers) {
        if (answer.status === 'fulfilled' && answer.value.granted) taken.add(answer.value.receipt);
      }
      const failure = answers.find((answer) => answer.status === 'rejected');
      if (failure) throw failure.reason;
      step = passes.next(answers.map((answer) => (answer as PromiseFulfilledResult<never>).value));
    }
  } catch (error) {
    await giveBackAll(budget, [...taken.values()]);
    throw error;
  }
}
