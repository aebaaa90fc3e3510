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

interface Counters {
  total: number;
  byDay: Map<string, number>;
  second: number;
  inSecond: number;
}

/**
 * The journeys' budgets in one process (tests, the virtual-time harness): exact counters, no shards. The `*Now`
 * methods are the same operations without a promise, for drivers that run synchronously.
 */
export class MemoryJourneyBudget implements JourneyBudget, BudgetReader, SendPacer {
  readonly #journeys = new Map<string, Counters>();

  #counters(journeyId: string): Counters {
    let counters = this.#journeys.get(journeyId);
    if (!counters) {
      counters = { total: 0, byDay: new Map(), second: -1, inSecond: 0 };
      this.#journeys.set(journeyId, counters);
    }
    return counters;
  }

  takeNow(ask: BudgetAsk): BudgetTake {
    const counters = this.#counters(ask.journeyId);
    if (ask.total !== undefined && counters.total >= ask.total) return { granted: false, limit: 'total' };
    const today = counters.byDay.get(ask.day) ?? 0;
    if (ask.daily !== undefined && today >= ask.daily) return { granted: false, limit: 'daily' };
    counters.total += 1;
    counters.byDay.set(ask.day, today + 1);
    return { granted: true, receipt: { journeyId: ask.journeyId, shard: 0, day: ask.day } };
  }

  giveBackNow(receipt: BudgetReceipt): void {
    const counters = this.#counters(receipt.journeyId);
    counters.total = Math.max(0, counters.total - 1);
    counters.byDay.set(receipt.day, Math.max(0, (counters.byDay.get(receipt.day) ?? 0) - 1));
  }

  async take(ask: BudgetAsk): Promise<BudgetTake> {
    return this.takeNow(ask);
  }

  async giveBack(receipt: BudgetReceipt): Promise<void> {
    this.giveBackNow(receipt);
  }

  async usage(journeyId: string, day: string): Promise<BudgetUsage> {
    const counters = this.#counters(journeyId);
    return { day: counters.byDay.get(day) ?? 0, total: counters.total };
  }

  async pace(ask: PaceAsk): Promise<PaceTake> {
    const counters = this.#counters(ask.journeyId);
    const second = Math.floor(ask.now / 1000);
    if (counters.second !== second) {
      counters.second = second;
      counters.inSecond = 0;
    }
    if (counters.inSecond >= ask.perSecond) return { granted: false, retryAt: (second + 1) * 1000 };
    counters.inSecond += 1;
    return { granted: true };
  }
}
