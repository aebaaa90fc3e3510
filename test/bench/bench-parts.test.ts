import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleSummary } from '../../bench/bundle-summary.ts';
import { summariseCalls } from '../../bench/call-summary.ts';
import { itemBytes, type RecordedCall } from '../../bench/dynamodb-calls.ts';
import { breakEvenRate, coldStartReads, kmsAtRate } from '../../bench/kms-model.ts';
import { spread } from '../../bench/measure.ts';
import { interleaved } from '../../bench/pipeline-floor.ts';
import { syntheticMix } from '../../bench/synthetic-mix.ts';
import { parseCustomerEvent } from '../../core/events/parse.ts';

const call = (op: string, event: number, extra: Partial<RecordedCall> = {}): RecordedCall => ({
  ...{ op, event, input: {}, table: 't', readUnits: 0, writeUnits: 0, indexWriteUnits: 0, itemBytes: [] },
  ...extra,
});

describe('DynamoDB accounting', () => {
  it('sizes items as DynamoDB bills them: names plus values', () => {
    expect(itemBytes({ pk: { S: 'C#abc' } })).toBe(2 + 5);
    expect(itemBytes({ v: { N: '12345' } })).toBe(1 + 4);
    expect(itemBytes({ b: { B: new Uint8Array(10) }, f: { BOOL: true } })).toBe(1 + 10 + 1 + 1);
    expect(itemBytes({ m: { M: { a: { S: 'xy' } } } })).toBe(1 + 3 + 1 + 2);
  });

  it('summarises calls per event, the common path and the pattern of each detail-type', () => {
    const calls = [
      call('GetItem', 0, { readUnits: 1 }),
      call('PutItem', 0, {
        writeUnits: 2,
        indexWriteUnits: 1,
        itemBytes: [900],
        input: { Item: { sk: { S: 'STATE' } } },
      }),
      call('GetItem', 1, { readUnits: 1 }),
      call('PutItem', 1, { writeUnits: 1, itemBytes: [500], input: { Item: { sk: { S: 'STATE' } } } }),
      call('BatchWriteItem', 1, { writeUnits: 1, itemBytes: [300] }),
    ];
    const summary = summariseCalls(calls, ['product.viewed', 'order.placed']);
    expect(summary.perEvent).toEqual({ GetItem: 1, PutItem: 1, BatchWriteItem: 0.5 });
    expect(summary.commonPathShare).toBe(0.5);
    expect(summary.byDetailType['order.placed']?.pattern).toBe('GetItem PutItem BatchWriteItem');
    expect(summary.writeUnitsPerEvent).toBe(2);
    expect(summary.indexWritesPerCustomerWrite).toBe(0.5);
    expect(summary.customerItemBytes.max).toBe(900);
  });
});

describe('benchmark inputs', () => {
  it('interleaves customers so none appears twice within the window, keeping each customer in order', () => {
    const events = ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'e'].map((customerId, index) => ({
      detailType: 'product.viewed',
      detail: { customerId, n: index },
    }));
    const out = interleaved(events, 3);
    expect(out).toHaveLength(events.length);
    const of = (customer: string) => out.filter((event) => event.detail.customerId === customer).map((e) => e.detail.n);
    expect(of('a')).toEqual([0, 1, 2]);
    expect(of('b')).toEqual([3, 4]);
    expect(out.slice(0, 3).map((event) => event.detail.customerId)).toEqual(['a', 'b', 'c']);
  });

  it('generates the synthetic mix in time order, valid, and the same for the same seed', () => {
    const options = { events: 2000, customers: 300, days: 20, seed: 7 };
    const events = [...syntheticMix(options)];
    expect(events).toHaveLength(2000);
    expect([...syntheticMix(options)]).toEqual(events);
    const times = events.map((event) => String(event.detail.occurredAt));
    expect([...times].sort()).toEqual(times);
    for (const event of events.slice(0, 300))
      expect(() => parseCustomerEvent(event.detailType, event.detail)).not.toThrow();
    const types = new Set(events.map((event) => event.detailType));
    expect(types).toEqual(new Set(['product.viewed', 'cart.item_added', 'cart.item_removed', 'order.placed']));
  });

  it('reports min, median and max of repeated measurements', () => {
    expect(spread([3, 1, 2])).toEqual([1, 2, 3]);
    expect(spread([5])).toEqual([5, 5, 5]);
  });
});

describe('the KMS model', () => {
  const table = [
    '| step | function | KMS | DynamoDB | SQS | EventBridge | SESv2 | S3 | Secrets Manager | SSM | calls |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    '| x | ingest ×1 |  | GetItem 1 |  |  |  |  | GetSecretValue 1 | GetParameter 1 | 3 |',
    '| **all steps** | ingest ×9 |  | PutItem 9 |  |  |  |  | GetSecretValue 1 | GetParameter 1 | 11 |',
    '|  | deliver ×7 |  | PutItem 4 |  |  |  |  | GetSecretValue 1 | GetParameter 1 | 6 |',
    '|  | all functions ×16 |  | PutItem 13 |  |  |  |  | GetSecretValue 2 | GetParameter 2 | 17 |',
  ].join('\n');

  it('takes the cold-start reads of each function from the totals of the moto call table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-'));
    writeFileSync(join(dir, 'aws-calls-2026-01-01.md'), table);
    const reads = coldStartReads(pathToFileURL(`${dir}/`));
    expect(reads.perFunction).toEqual({
      ingest: { secrets: 1, parameters: 1, kms: 0 },
      deliver: { secrets: 1, parameters: 1, kms: 0 },
    });
  });

  it('spreads per-time calls over the events of that time: fewer per 10k events as traffic grows', () => {
    const reads = { source: 't', perFunction: { ingest: { secrets: 1, parameters: 1, kms: 0 } } };
    const work = { secondsPerEvent: 0.02, secondsPerMessage: 0.1, messagesPerEvent: 0.2 };
    const slow = kmsAtRate(reads, 1, work);
    const fast = kmsAtRate(reads, 1000, work);
    expect(slow.totalPer10k).toBeGreaterThan(fast.totalPer10k * 100);
    expect(slow.coldStartKmsPer10k).toBeCloseTo((0.5 * 10_000) / 3600, 5);
    expect(kmsAtRate(reads, breakEvenRate(10), work).serviceKmsPer10k).toBeCloseTo(10, 5);
  });
});

describe('the bundle row', () => {
  it('reads the deployed variant from bench/bundles.ts output, import time with the flag it is deployed with', () => {
    const imports = (variant: string, sourceMaps: boolean, median: number) => ({
      ...{ variant, name: 'ingest', sourceMaps, min: median - 1, median, max: median + 1, cpuMedian: median - 2 },
    });
    const json = {
      runs: 5,
      bundles: [
        { variant: 'before', name: 'ingest', codeBytes: 4096, mapBytes: 1024, deployedFlag: true },
        { variant: 'after', name: 'ingest', codeBytes: 2048, mapBytes: 1024, deployedFlag: false },
      ],
      imports: [imports('before', true, 90), imports('after', true, 80), imports('after', false, 50)],
    };
    expect(bundleSummary(json, 'bundles-x.json')).toEqual({
      file: 'bundles-x.json',
      runs: 5,
      functions: [{ name: 'ingest', codeKb: 2, mapKb: 1, importMs: [49, 50, 51], cpuMedianMs: 48 }],
    });
  });
});
