/**
 * Modelled AWS cost per million ingested events and per million messages sent, from counted calls: the replay's
 * port calls of ingest and delivery over a whole mix (events, timers, decisions, deliveries, outbound events, item
 * sizes), mapped to the AWS calls the adapters make (validated against the DynamoDB calls counted on the embedded
 * DynamoDB and the moto call table), measured CPU per event and per message, and list prices. Every line and
 * assumption is printed (bench/cost-report.ts). `node bench/cost-model.ts bench/results/<date>.json` prints the model
 * of a bench run's measured inputs; `npm run bench -- --only cost` measures them again.
 */
import type { PortCalls } from '../cli/replay/port-counter.ts';
import { PUBLISHED_BY_DEFAULT } from '../core/contracts/published-events.ts';

/** List prices (us-east-1, USD). */
export const PRICES = {
  eventBridgePerMillion: 1.0,
  sqsPerMillionRequests: 0.4,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000133334,
  kmsPer10k: 0.03,
  schedulerPerMillion: 1.0,
  secretsManagerPer10k: 0.05,
};

export const ASSUMPTIONS = {
  /** SQS → Lambda batch size (infra: batchSize 10); batches assumed full. */
  batchSize: 10,
  lambdaMemoryGb: 0.5,
  /** Lambda gives 1 vCPU per 1,769 MB: 512 MB is 29% of a core; arm64 assumed as fast per core as this machine. */
  vcpuShare: 512 / 1769,
  /** Service latencies as seen from Lambda, ms (typical same-region figures, not measured here). */
  latencyMs: { read: 5, write: 6, batchWrite: 10, sqsSend: 8, putEvents: 12, channelSend: 40, invocation: 2 },
  /** A decision record's bytes beyond its JSON (keys, names, TTL); customer item sizes are sampled as whole items. */
  decisionOverheadBytes: 110,
  /** Monthly volume the fixed costs (sweeper: Scheduler, Lambda, wake-index queries) are spread over. */
  monthlyEvents: 10_000_000,
  sweeperRunsPerMonth: 43_200,
  sweeperQueriesPerRun: 16,
  /** Outbound detail-types a stage puts on the bus (its default, decision 0009); the others are not sent. */
  publishedOutbound: PUBLISHED_BY_DEFAULT as readonly string[],
};

export interface MixCounts {
  name: string;
  /** Ingested customer events (rows and their synthetic profile/consent events). */
  events: number;
  ingest: PortCalls;
  deliver: PortCalls;
}

export interface Measured {
  ingestCpuMicrosPerEvent: number;
  deliverCpuMicrosPerMessage: number;
  /** `wake` index write units per customer item write (counted on the embedded DynamoDB). */
  indexWritesPerSave: number;
  /** Deployed sealed contact minus the replay's, both as the binary attribute stored (about 0 since decision 0012). */
  contactSizeDifference: number;
}

export interface LineItem {
  service: string;
  item: string;
  /** Quantity per million (events or messages) and its unit. */
  quantity: number;
  unit: string;
  costPerMillion: number;
}

export interface CostModel {
  mix: string;
  perMillionEvents: LineItem[];
  perMillionMessages: LineItem[];
  eventsTotal: number;
  messagesTotal: number;
  messagesPerEvent: number;
  /** Ingest side plus the deliveries the events cause, per million events (channel provider fees excluded). */
  allInPerMillionEvents: number;
}

/** Mean started units (1 KB for writes, 4 KB for reads) of a bucketed size histogram plus `overhead` bytes. */
export function meanUnits(buckets: readonly number[], overhead: number, unitBytes: number): number {
  let count = 0;
  let units = 0;
  buckets.forEach((n, bucket) => {
    count += n;
    units += n * Math.max(1, Math.ceil((bucket * 128 + 64 + overhead) / unitBytes));
  });
  return count === 0 ? 1 : units / count;
}

/** BatchWriteItem calls of the customer log: one `append` per round, in chunks of 25 entries. */
const logWrites = (calls: PortCalls) => Math.max(calls.logBatches, Math.ceil(calls.logEntries / 25));

/** Share of the outbound events handed to the publisher that it puts on the bus (all when not counted by type). */
function publishedShare(calls: PortCalls, published: readonly string[]): number {
  const byType = calls.outboundTypes ?? {};
  const counted = Object.values(byType).reduce((sum, count) => sum + count, 0);
  if (counted === 0) return 1;
  return published.reduce((sum, type) => sum + (byType[type] ?? 0), 0) / counted;
}

const line = (service: string, item: string, quantity: number, unit: string, price: number): LineItem => ({
  service,
  item,
  quantity,
  unit,
  costPerMillion: quantity * price,
});

export function costModel(mix: MixCounts, measured: Measured, prices = PRICES, a = ASSUMPTIONS): CostModel {
  const { ingest, deliver } = mix;
  const perEvent = 1e6 / mix.events;
  const handled = ingest.messages + ingest.timers;
  const itemOverhead = measured.contactSizeDifference;
  const writeUnits = meanUnits(ingest.stateBytes, itemOverhead, 1024);
  const readUnits = meanUnits(ingest.stateBytes, itemOverhead, 4096);
  const decisionUnits = meanUnits(ingest.decisionBytes, a.decisionOverheadBytes, 1024);
  const L = a.latencyMs;
  const ingestPublished = publishedShare(ingest, a.publishedOutbound);
  const deliverPublished = publishedShare(deliver, a.publishedOutbound);
  const ingestIoMs =
    ingest.loads * L.read +
    (ingest.saves + ingest.clearOutbox + ingest.seals) * L.write +
    logWrites(ingest) * L.batchWrite +
    ingest.deliveryBatches * L.sqsSend +
    ingest.outboundBatches * ingestPublished * L.putEvents;
  const ingestSeconds =
    (handled * (measured.ingestCpuMicrosPerEvent / 1000 / a.vcpuShare) +
      ingestIoMs +
      (handled / a.batchSize) * L.invocation) /
    1000;
  const fixed = 1e6 / a.monthlyEvents;
  const sweeperSeconds = (a.sweeperQueriesPerRun * L.read + L.invocation) / 1000;
  const p = prices;
  const dynamoW = p.dynamoPerMillionWru / 1e6;
  const dynamoR = p.dynamoPerMillionRru / 1e6;
  const perMillionEvents = [
    line('EventBridge', 'inbound events (PutEvents entries)', 1e6, 'events', p.eventBridgePerMillion / 1e6),
    line(
      'EventBridge',
      `outbound events of ingest put on the bus (${(ingestPublished * 100).toFixed(0)}% of ${(ingest.outbound / mix.events).toFixed(2)} per event)`,
      ingest.outbound * ingestPublished * perEvent,
      'events',
      p.eventBridgePerMillion / 1e6,
    ),
    line(
      'SQS',
      'ingest queue: send (rule target; timers 10 per batch), receive + delete per batch of 10',
      (ingest.messages + ingest.timers / 10 + (2 * handled) / a.batchSize) * perEvent,
      'requests',
      p.sqsPerMillionRequests / 1e6,
    ),
    line(
      'SQS',
      'delivery queue: SendMessageBatch',
      ingest.deliveryBatches * perEvent,
      'requests',
      p.sqsPerMillionRequests / 1e6,
    ),
    line(
      'DynamoDB',
      `customer item reads (strong, ${readUnits.toFixed(2)} RRU)`,
      ingest.loads * readUnits * perEvent,
      'RRU',
      dynamoR,
    ),
    line(
      'DynamoDB',
      `customer item writes (${writeUnits.toFixed(2)} WRU)`,
      ingest.saves * writeUnits * perEvent,
      'WRU',
      dynamoW,
    ),
    line(
      'DynamoDB',
      'wake index writes (KEYS_ONLY GSI)',
      ingest.saves * measured.indexWritesPerSave * perEvent,
      'WRU',
      dynamoW,
    ),
    line(
      'DynamoDB',
      'outbox cleared (UpdateItem, whole item)',
      ingest.clearOutbox * writeUnits * perEvent,
      'WRU',
      dynamoW,
    ),
    line(
      'DynamoDB',
      `decision records (${decisionUnits.toFixed(2)} WRU)`,
      ingest.decisions * decisionUnits * perEvent,
      'WRU',
      dynamoW,
    ),
    line(
      'DynamoDB',
      'other log entries (consent proofs, conversions, engagement, journey changes; 1 WRU each)',
      (ingest.logEntries - ingest.decisions) * perEvent,
      'WRU',
      dynamoW,
    ),
    line('DynamoDB', 'customer keys (one per sealed contact)', ingest.seals * perEvent, 'WRU', dynamoW),
    line(
      'Lambda',
      'ingest invocations (batches of 10)',
      (handled / a.batchSize) * perEvent,
      'requests',
      p.lambdaPerMillionRequests / 1e6,
    ),
    line(
      'Lambda',
      'ingest duration (CPU at 29% vCPU + service latency)',
      ingestSeconds * a.lambdaMemoryGb * perEvent,
      'GB-s',
      p.lambdaPerGbSecond,
    ),
    line(
      'Scheduler',
      'sweeper schedule (1/min, spread over the monthly volume)',
      a.sweeperRunsPerMonth * fixed,
      'invocations',
      p.schedulerPerMillion / 1e6,
    ),
    line(
      'Lambda',
      'sweeper invocations and duration',
      a.sweeperRunsPerMonth * fixed,
      'requests',
      p.lambdaPerMillionRequests / 1e6 + sweeperSeconds * a.lambdaMemoryGb * p.lambdaPerGbSecond,
    ),
    line(
      'DynamoDB',
      'sweeper wake-index queries (eventually consistent)',
      a.sweeperRunsPerMonth * a.sweeperQueriesPerRun * 0.5 * fixed,
      'RRU',
      dynamoR,
    ),
  ];
  const perMessage = 1e6 / Math.max(1, deliver.messages);
  const deliverIoMs =
    (deliver.loads + deliver.opens) * L.read +
    deliver.ledgerCalls * L.write +
    logWrites(deliver) * L.batchWrite +
    deliver.outboundBatches * deliverPublished * L.putEvents +
    (deliver.messages - deliver.decisions) * L.channelSend;
  const deliverSeconds =
    (deliver.messages * (measured.deliverCpuMicrosPerMessage / 1000 / a.vcpuShare) +
      deliverIoMs +
      (deliver.messages / a.batchSize) * L.invocation) /
    1000;
  const perMillionMessages = [
    line(
      'SQS',
      'delivery queue: receive + delete per batch of 10',
      (2 * 1e6) / a.batchSize,
      'requests',
      p.sqsPerMillionRequests / 1e6,
    ),
    line('DynamoDB', 'customer item re-read (strong)', deliver.loads * readUnits * perMessage, 'RRU', dynamoR),
    line('DynamoDB', 'customer key read (strong) per decrypt', deliver.opens * perMessage, 'RRU', dynamoR),
    line('DynamoDB', 'send ledger: claim + complete', deliver.ledgerCalls * perMessage, 'WRU', dynamoW),
    line(
      'DynamoDB',
      'decisions at delivery (suppressed by the re-check)',
      deliver.decisions * decisionUnits * perMessage,
      'WRU',
      dynamoW,
    ),
    line(
      'EventBridge',
      `message.sent / message.failed events (${(deliverPublished * 100).toFixed(0)}% of the delivery's outbound events)`,
      deliver.outbound * deliverPublished * perMessage,
      'events',
      p.eventBridgePerMillion / 1e6,
    ),
    line(
      'Lambda',
      'deliver invocations (batches of 10)',
      1e6 / a.batchSize,
      'requests',
      p.lambdaPerMillionRequests / 1e6,
    ),
    line(
      'Lambda',
      'deliver duration (CPU at 29% vCPU + service and channel latency)',
      deliverSeconds * a.lambdaMemoryGb * perMessage,
      'GB-s',
      p.lambdaPerGbSecond,
    ),
  ];
  const sum = (items: LineItem[]) => items.reduce((total, item) => total + item.costPerMillion, 0);
  const messagesPerEvent = deliver.messages / mix.events;
  return {
    mix: mix.name,
    perMillionEvents,
    perMillionMessages,
    eventsTotal: sum(perMillionEvents),
    messagesTotal: sum(perMillionMessages),
    messagesPerEvent,
    allInPerMillionEvents: sum(perMillionEvents) + sum(perMillionMessages) * messagesPerEvent,
  };
}

// Not awaited: cost-report imports this module, which must finish evaluating first (awaiting deadlocked).
if (import.meta.main) void import('./cost-report.ts').then((report) => report.printCostModel(process.argv[2]));
