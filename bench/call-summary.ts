import type { RecordedCall } from './dynamodb-calls.ts';
import { percentile } from './measure.ts';

/** What the DynamoDB calls of one ingest run amount to, per event. */
export interface CallSummary {
  events: number;
  /** Calls per event by operation. */
  perEvent: Record<string, number>;
  /** Calls per event of all operations. */
  callsPerEvent: number;
  /** Share of events whose calls were exactly one GetItem and one PutItem (the common path). */
  commonPathShare: number;
  /** The most frequent call sequences, e.g. `GetItem PutItem`, with their share of events. */
  patterns: Array<{ pattern: string; share: number }>;
  /** The most frequent sequence per detail-type, with its share of that type's events. */
  byDetailType: Record<string, { events: number; pattern: string; share: number }>;
  readUnitsPerEvent: number;
  writeUnitsPerEvent: number;
  /** `wake` index writes per event (part of writeUnitsPerEvent). */
  indexWriteUnitsPerEvent: number;
  /** `wake` index writes per customer item written. */
  indexWritesPerCustomerWrite: number;
  /** Bytes of the customer items written (STATE items). */
  customerItemBytes: { p50: number; p95: number; max: number };
  /** Bytes of the decision records written. */
  decisionItemBytes: { p50: number; p95: number; max: number };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 };
};

const top = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1]);

/** Summarises the calls recorded while ingesting `detailTypes.length` events (event i has detail-type i). */
export function summariseCalls(calls: readonly RecordedCall[], detailTypes: readonly string[]): CallSummary {
  const events = detailTypes.length;
  const byOp = new Map<string, number>();
  const sequences: string[][] = Array.from({ length: events }, () => []);
  let readUnits = 0;
  let writeUnits = 0;
  let indexWriteUnits = 0;
  const customerItems: number[] = [];
  const decisionItems: number[] = [];
  for (const call of calls) {
    byOp.set(call.op, (byOp.get(call.op) ?? 0) + 1);
    if (call.event !== undefined) sequences[call.event]?.push(call.op);
    readUnits += call.readUnits;
    writeUnits += call.writeUnits;
    indexWriteUnits += call.indexWriteUnits;
    if (call.op === 'PutItem' && (call.input.Item as { sk?: { S?: string } })?.sk?.S === 'STATE') {
      customerItems.push(...call.itemBytes);
    }
    if (call.op === 'BatchWriteItem') decisionItems.push(...call.itemBytes);
  }
  const patterns = new Map<string, number>();
  const perType = new Map<string, Map<string, number>>();
  sequences.forEach((sequence, index) => {
    const pattern = sequence.join(' ') || '(none)';
    patterns.set(pattern, (patterns.get(pattern) ?? 0) + 1);
    const type = detailTypes[index] as string;
    const counts = perType.get(type) ?? new Map<string, number>();
    counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
    perType.set(type, counts);
  });
  const byDetailType: CallSummary['byDetailType'] = {};
  for (const [type, counts] of perType) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const [pattern, count] = top(counts)[0] as [string, number];
    byDetailType[type] = { events: total, pattern, share: count / total };
  }
  return {
    events,
    perEvent: Object.fromEntries(top(byOp).map(([op, count]) => [op, count / events])),
    callsPerEvent: calls.length / events,
    commonPathShare: (patterns.get('GetItem PutItem') ?? 0) / events,
    patterns: top(patterns)
      .slice(0, 6)
      .map(([pattern, count]) => ({ pattern, share: count / events })),
    byDetailType,
    readUnitsPerEvent: readUnits / events,
    writeUnitsPerEvent: writeUnits / events,
    indexWriteUnitsPerEvent: indexWriteUnits / events,
    indexWritesPerCustomerWrite: indexWriteUnits / Math.max(1, customerItems.length),
    customerItemBytes: stats(customerItems),
    decisionItemBytes: stats(decisionItems),
  };
}
