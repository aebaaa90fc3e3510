import { describe, expect, it } from 'vitest';
import { costModel, type MixCounts, meanUnits, PRICES } from '../../bench/cost-model.ts';
import { costMarkdown } from '../../bench/cost-report.ts';
import { noPortCalls } from '../../cli/replay/port-counter.ts';

/** 1,000 events, each a read and a 900-byte write; 100 of them decide one message, delivered. */
function mix(): MixCounts {
  const ingest = { ...noPortCalls(), messages: 1000, loads: 1000, saves: 1000, clearOutbox: 100 };
  ingest.stateBytes = [0, 0, 0, 0, 0, 0, 0, 10]; // 896–1,023 bytes: 1 WRU, 2 with a larger deployed contact
  ingest.decisions = 100;
  ingest.logBatches = 100;
  ingest.logEntries = 100;
  ingest.decisionBytes = [0, 0, 0, 5];
  ingest.deliveries = 100;
  ingest.deliveryBatches = 100;
  ingest.outbound = 200;
  ingest.outboundBatches = 100;
  const deliver = { ...noPortCalls(), messages: 100, loads: 100, opens: 100, ledgerCalls: 200, outbound: 100 };
  return { name: 'test', events: 1000, ingest, deliver };
}

const measured = {
  ingestCpuMicrosPerEvent: 100,
  deliverCpuMicrosPerMessage: 1000,
  indexWritesPerSave: 0.5,
  contactSizeDifference: 0,
};
const cost = (items: ReturnType<typeof costModel>['perMillionEvents'], start: string) =>
  items.find((item) => item.item.startsWith(start))?.costPerMillion ?? Number.NaN;

describe('the cost model', () => {
  it('counts started KB per write and started 4 KB per strong read, overhead included', () => {
    expect(meanUnits([0, 0, 0, 0, 0, 0, 0, 10], 0, 1024)).toBe(1);
    expect(meanUnits([0, 0, 0, 0, 0, 0, 0, 10], 100, 1024)).toBe(2);
    expect(meanUnits([0, 0, 0, 0, 0, 0, 0, 10], 100, 4096)).toBe(1);
    expect(meanUnits([], 0, 1024)).toBe(1);
  });

  it('prices each line from counted calls and list prices, per million events and per million messages', () => {
    const model = costModel(mix(), measured);
    expect(cost(model.perMillionEvents, 'inbound events')).toBeCloseTo(PRICES.eventBridgePerMillion, 6);
    expect(cost(model.perMillionEvents, 'outbound events')).toBeCloseTo(0.2 * PRICES.eventBridgePerMillion, 6);
    // 1,000 writes per 1,000 events at 1 WRU (≤ 1 KB): 1M WRU per million events.
    expect(cost(model.perMillionEvents, 'customer item writes')).toBeCloseTo(PRICES.dynamoPerMillionWru, 6);
    expect(cost(model.perMillionEvents, 'customer item reads')).toBeCloseTo(PRICES.dynamoPerMillionRru, 6);
    expect(cost(model.perMillionEvents, 'wake index')).toBeCloseTo(0.5 * PRICES.dynamoPerMillionWru, 6);
    // SQS: a send per event, receive and delete per batch of 10.
    expect(cost(model.perMillionEvents, 'ingest queue')).toBeCloseTo(1.2 * PRICES.sqsPerMillionRequests, 6);
    expect(cost(model.perMillionMessages, 'send ledger')).toBeCloseTo(2 * PRICES.dynamoPerMillionWru, 6);
    expect(model.messagesPerEvent).toBe(0.1);
    expect(model.allInPerMillionEvents).toBeCloseTo(model.eventsTotal + 0.1 * model.messagesTotal, 9);
  });

  it('prices only the outbound events the stage puts on the bus when they were counted by type', () => {
    const counted = mix();
    counted.ingest.outboundTypes = { 'journey.entered': 150, 'consent.reconfirmation_due': 50 };
    const model = costModel(counted, measured);
    expect(cost(model.perMillionEvents, 'outbound events')).toBeCloseTo(0.05 * PRICES.eventBridgePerMillion, 6);
  });

  it('charges Lambda for CPU at its share of a core plus the latency of each call', () => {
    const base = costModel(mix(), measured);
    const slower = costModel(mix(), { ...measured, ingestCpuMicrosPerEvent: 1100 });
    const duration = (model: typeof base) => cost(model.perMillionEvents, 'ingest duration');
    // 1 ms more CPU per event at 512/1769 of a core, 0.5 GB: 1e6 × 0.001 / 0.289 × 0.5 GB-s more per million.
    expect(duration(slower) - duration(base)).toBeCloseTo(
      1e6 * 0.001 * (1769 / 512) * 0.5 * PRICES.lambdaPerGbSecond,
      6,
    );
  });

  it('renders every line and the all-in figure', () => {
    const text = costMarkdown(costModel(mix(), measured));
    expect(text).toContain('per million ingested events');
    expect(text).toContain('| DynamoDB | send ledger: claim + complete |');
    expect(text).toMatch(/all in \*\*\$\d+\.\d+ per million ingested events\*\*/);
  });
});
