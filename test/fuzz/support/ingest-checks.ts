import { expect } from 'vitest';
import type { CustomerState } from '../../../core/customer/state.ts';
import type { RejectedEvent } from '../../../core/messages/rejected.ts';
import type { IngestResult } from '../../../core/use-cases/handle-ingest-message.ts';
import type { Canaries } from './details.ts';

/** Keys whose values are numbers when an event gives them (amounts, counts), wherever they are copied to. */
const NUMERIC_KEYS = new Set(['total', 'price', 'cartValue', 'itemCount', 'quantity', 'revenue', 'orders']);

/** Paths in `value` where a number is not finite, or where a numeric key the event gave holds something else. */
export function numericDefects(value: unknown, given: ReadonlySet<string>, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== 'object') return [];
  const defects: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (given.has(key) && NUMERIC_KEYS.has(key) && typeof field !== 'number' && !Array.isArray(value)) {
      defects.push(`${at} = ${JSON.stringify(field)} (a number was given)`);
    }
    defects.push(...numericDefects(field, given, at));
  }
  return defects;
}

/** The numeric keys an event detail gives, at any depth (order items included). */
export function numericKeysOf(detail: unknown, keys = new Set<string>(['revenue', 'orders'])): Set<string> {
  if (detail === null || typeof detail !== 'object') return keys;
  for (const [key, field] of Object.entries(detail)) {
    if (typeof field === 'number' && NUMERIC_KEYS.has(key)) keys.add(key);
    numericKeysOf(field, keys);
  }
  return keys;
}

/** The stored customer holds finite numbers only, and a number wherever the event gave one. */
export function expectFiniteState(state: CustomerState, detail: unknown): void {
  expect(Number.isFinite(state.rfm.revenue) && Number.isFinite(state.rfm.orders)).toBe(true);
  expect(numericDefects(state, numericKeysOf(detail))).toEqual([]);
}

/** A rejection left exactly one record in the rejected store, with its reason and at least one field issue. */
export function expectRejectedWithReason(result: IngestResult, records: RejectedEvent[]): void {
  expect(result.kind).toBe('rejected');
  if (result.kind !== 'rejected') return;
  expect(result.reason.length).toBeGreaterThan(0);
  expect(records).toHaveLength(1);
  const [record] = records as [RejectedEvent];
  expect(record.reason).toBe(result.reason);
  expect(record.issues.length).toBeGreaterThan(0);
  for (const issue of record.issues) {
    expect(issue.field.length * issue.rule.length).toBeGreaterThan(0);
  }
}

/** Which of the canary values occur in `text` (JSON text of the rejected store). */
export function leakedCanaries(text: string, who: Canaries): string[] {
  return Object.entries(who)
    .filter(([, value]) => text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1)))
    .map(([name]) => name);
}
