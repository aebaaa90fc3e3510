import type { JourneyLimits } from '../journey-runtime/definition.ts';
import { toIso } from '../time.ts';
import type { PolicyConfig } from './config.ts';
import type { DecisionOutcome } from './engine.ts';
import { nextLocalHour, wallClock } from './local-time.ts';

/** Which of a journey's caps refused a message (decision 0008). */
export interface BudgetRefusal {
  limit: 'daily' | 'total';
}

export const DEFAULT_BUDGET_SHARDS = 4;

export const budgetTimeZoneOf = (limits: JourneyLimits, policy: PolicyConfig): string =>
  limits.timeZone ?? policy.defaultTimeZone;

/** The budget day `ms` falls in: its local date (`yyyy-mm-dd`) in the journey's budget time zone. */
export function budgetDayOf(ms: number, timeZone: string): string {
  const { year, month, day } = wallClock(ms, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether a journey's daily or total cap applies to a message of this category (transactional ones are exempt). */
export const budgetApplies = (limits: JourneyLimits | undefined, category: string): limits is JourneyLimits =>
  category === 'promotional' && limits !== undefined && (limits.daily !== undefined || limits.total !== undefined);

/**
 * What a refused message becomes: over the daily cap, deferred to the start of the next budget day or suppressed as
 * the journey says; over the total cap, suppressed (nothing to wait for).
 */
export function budgetDecision(
  refusal: BudgetRefusal,
  limits: JourneyLimits,
  now: number,
  policy: PolicyConfig,
): DecisionOutcome {
  if (refusal.limit === 'daily' && (limits.onExceed ?? 'defer') === 'defer') {
    const until = toIso(nextLocalHour(now, budgetTimeZoneOf(limits, policy), 0));
    return { outcome: 'deferred', reasons: ['journey_budget'], until };
  }
  return { outcome: 'suppressed', reasons: ['journey_budget'] };
}

/**
 * How many shards a budget really uses: the journey's `shards`, but never more than the smallest cap, so every shard
 * holds at least one unit of each cap and a shard's spent daily share cannot strand units of the total.
 */
export function budgetShards(shards: number, caps: { daily?: number; total?: number }): number {
  return Math.max(1, Math.min(shards, caps.daily ?? shards, caps.total ?? shards));
}

/**
 * One shard's part of a cap: the cap split as evenly as whole messages allow (shards below `cap % shards` get one
 * more), so the parts add up to the cap exactly and the shards together never grant more.
 */
export function shareOf(cap: number, shards: number, shard: number): number {
  return Math.floor(cap / shards) + (shard < cap % shards ? 1 : 0);
}
