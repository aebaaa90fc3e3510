import { fnv1a } from '../hash.ts';
import type { CompiledPattern } from '../patterns/compile-pattern.ts';

/** Multipliers coprime with 100: `bucket × k + c mod 100` is then a permutation of 0..99. */
const COPRIME = [3, 7, 9, 11, 13, 17, 19, 21, 23, 27, 29, 31, 33, 37, 39, 41, 43, 47, 49, 51, 53, 57, 59, 61, 63];

/**
 * A 0..99 bucket for one split of a journey, from the entry's bucket: each split name permutes the buckets its own
 * way, so a holdout and a later random split do not cut the customers along the same line. Deterministic.
 */
export function splitBucket(bucket: number, split: string): number {
  const hash = fnv1a(split);
  const multiplier = COPRIME[hash % COPRIME.length] ?? 1;
  return (bucket * multiplier + ((hash >>> 8) % 100)) % 100;
}

export type Fact = string | number | boolean | null;

/** The named fields of a trigger as template facts (null when absent or not a scalar). */
export function factsOf<K extends string>(trigger: object, keys: readonly K[]): Record<K, Fact> {
  const source = trigger as Record<string, unknown>;
  const facts = {} as Record<K, Fact>;
  for (const key of keys) {
    const value = source[key];
    facts[key] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  }
  return facts;
}

/** An event a journey remembers for a later yes/no split: its detail-types and, optionally, a pattern on its detail. */
export interface RememberedCondition {
  types: readonly string[];
  pattern?: CompiledPattern;
}

/** `seen` plus the conditions this event meets for the first time. */
export function rememberMatches(
  conditions: Readonly<Record<string, RememberedCondition>>,
  seen: readonly string[],
  event: { type: string },
): string[] {
  const met = Object.entries(conditions)
    .filter(([id, condition]) => !seen.includes(id) && condition.types.includes(event.type))
    .filter(([, condition]) => condition.pattern?.matches(event) ?? true)
    .map(([id]) => id);
  return met.length > 0 ? [...seen, ...met] : [...seen];
}

/** Whether all (or any) of the conditions were seen. */
export function sawConditions(
  seen: readonly string[],
  conditions: readonly string[],
  operator: 'all' | 'any',
): boolean {
  return operator === 'all' ? conditions.every((id) => seen.includes(id)) : conditions.some((id) => seen.includes(id));
}
