/**
 * One promotional message asking for a unit of its journey's budget (decision 0008). The shard is chosen from the
 * messageId, so a message asks the same shard first every time.
 */
export interface BudgetAsk {
  journeyId: string;
  messageId: string;
  /** The budget day (`yyyy-mm-dd`, local in the journey's budget time zone). */
  day: string;
  /** The caps the journey declares; an absent one does not limit. */
  daily?: number;
  total?: number;
  shards: number;
  /** Epoch ms, for the adapter's memory of exhausted budgets. */
  now: number;
}

/** Which counter a granted unit was taken from: enough to give it back. */
export interface BudgetReceipt {
  journeyId: string;
  shard: number;
  day: string;
}

export type BudgetTake = { granted: true; receipt: BudgetReceipt } | { granted: false; limit: 'daily' | 'total' };

/**
 * A journey's caps across all customers, kept in counters every worker shares: a take is atomic (many workers never
 * grant more than the cap together), and a unit taken for a message that is then not sent is given back.
 */
export interface JourneyBudget {
  take(ask: BudgetAsk): Promise<BudgetTake>;
  giveBack(receipt: BudgetReceipt): Promise<void>;
}

/** What a journey's budget has used, for operators. */
export interface BudgetUsage {
  /** Units taken on `day`. */
  day: number;
  /** Units taken over the journey's life. */
  total: number;
}

export interface BudgetReader {
  usage(journeyId: string, day: string, shards: number): Promise<BudgetUsage>;
}

/** One send asking for a slot in the current second of its journey's rate (delivery pacing). */
export interface PaceAsk {
  journeyId: string;
  messageId: string;
  perSecond: number;
  shards: number;
  now: number;
}

export type PaceTake = { granted: true } | { granted: false; retryAt: number };

/** A journey's sends per second across all delivery workers. */
export interface SendPacer {
  pace(ask: PaceAsk): Promise<PaceTake>;
}
