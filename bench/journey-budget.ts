import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setup } from 'xstate';
import { startEmbeddedDynamoDb } from '../adapters/dynamodb/embedded-dynamodb.ts';
import { ConsoleTelemetry } from '../cli/local/console-telemetry.ts';
import { localPaths, localServices } from '../cli/local/local-services.ts';
import { defineJourney, type JourneyLimits, sendMessage } from '../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../core/journey-runtime/registry.ts';
import type { DeliveryRequest } from '../core/messages/delivery.ts';
import { days } from '../core/time.ts';
import { handleIngestBody } from '../core/use-cases/handle-ingest-message.ts';
import { policy } from '../journeys/index.ts';
import { fmt, throughput } from './measure.ts';

/**
 * `npm run bench:budget`: what a journey's daily and total caps cost in DynamoDB calls (decision 0008). The same
 * product views go through the real ingest use case on the embedded DynamoDB for a journey without limits and with
 * them; every call of the table's client is counted, and the budget's own (keys `B#…`) are told apart by their key.
 */

/** One promotional email as soon as a product is viewed: every event of a consenting customer asks for one send. */
function offerJourney(id: string, limits?: JourneyLimits) {
  const machine = setup({ delays: { wait: days(7) }, actions: { sendMessage } }).createMachine({
    id,
    initial: 'asked',
    states: {
      asked: { entry: { type: 'sendMessage', params: { message: 'offer' } }, after: { wait: 'done' } },
      done: { type: 'final' },
    },
  });
  return defineJourney({
    id,
    version: 1,
    goal: 'Bench journey: one offer per product view.',
    priority: 10,
    entry: { triggers: ['product.viewed'] },
    messages: { offer: { channels: ['email'], template: 'browse-reminder', category: 'promotional' } },
    onConflict: 'drop',
    ...(limits ? { limits } : {}),
    machine,
  });
}

/** A Seoul customer with an email address who agreed to marketing email yesterday. */
function consentingProfile(customerId: string, at: number) {
  const base = (occurredAt: number) => ({
    v: 1,
    eventId: randomUUID(),
    occurredAt: new Date(occurredAt).toISOString(),
    customerId,
  });
  return [
    {
      'detail-type': 'customer.profile_updated',
      detail: {
        ...base(at - 60_000),
        contact: { email: `${customerId}@example.test` },
        timeZone: 'Asia/Seoul',
        country: 'KR',
      },
    },
    {
      'detail-type': 'consent.changed',
      detail: {
        ...base(at - 86_400_000),
        channel: 'email',
        purpose: 'marketing',
        granted: true,
        source: 'bench',
        wordingVersion: 'v1',
      },
    },
  ];
}

interface Counted {
  calls: Map<string, number>;
  budgetCalls: Map<string, number>;
}

/** Counts every call of the client by operation, and the budget's calls (pk `B#…`) apart. */
function countCalls(client: DynamoDBClient): Counted {
  const counted: Counted = { calls: new Map(), budgetCalls: new Map() };
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  (client as unknown as { send: (command: unknown) => Promise<unknown> }).send = (command: unknown) => {
    const { input } = command as { input: { Key?: { pk?: { S?: string } } } };
    const operation = (command as object).constructor.name.replace(/Command$/, '');
    bump(counted.calls, operation);
    if (input.Key?.pk?.S?.startsWith('B#')) bump(counted.budgetCalls, operation);
    return send(command);
  };
  return counted;
}

const total = (map: Map<string, number>) => [...map.values()].reduce((sum, value) => sum + value, 0);
const listing = (map: Map<string, number>) =>
  [...map.entries()]
    .sort()
    .map(([operation, count]) => `${operation} ${count}`)
    .join(', ') || '-';

const dataDir = `/tmp/journeys-budget-bench-${process.pid}`;
const db = await startEmbeddedDynamoDb({ path: `${dataDir}/dynamodb` });
const counted = countCalls(db.client);
const telemetry = new ConsoleTelemetry(() => {}, { quiet: true });
let now = Date.parse('2026-11-23T01:00:00Z');
const clock = { now: () => now };
const CUSTOMERS = 300;

interface Scenario {
  name: string;
  limits?: JourneyLimits;
  concurrency: number;
}

const scenarios: Scenario[] = [
  { name: 'no limits', concurrency: 1 },
  { name: 'daily 1,000,000 (never spent), 4 shards', limits: { daily: 1_000_000 }, concurrency: 1 },
  {
    name: 'daily 1,000,000 + total 10,000,000, 4 shards',
    limits: { daily: 1_000_000, total: 10_000_000 },
    concurrency: 1,
  },
  { name: 'no limits', concurrency: 16 },
  { name: 'daily 1,000,000 (never spent), 4 shards', limits: { daily: 1_000_000 }, concurrency: 16 },
  { name: 'daily 100 (spent after 100 sends), 4 shards', limits: { daily: 100 }, concurrency: 16 },
];

const rows: string[] = [];
const note = (line: string) => {
  rows.push(line);
  console.log(line);
};
note(`# What journey budgets cost in DynamoDB calls (${new Date().toISOString().slice(0, 10)})`);
note('');
note(
  `Written by \`npm run bench:budget\` (bench/journey-budget.ts): ${CUSTOMERS} consenting customers per scenario (Seoul, ` +
    'email marketing consent; 5% of them in the holdout), one product view each through the real ingest use case on the embedded DynamoDB (dynalite, on disk), ' +
    'for a journey that asks for one promotional email per view. Every call of the table client is counted; the ' +
    "budget's calls are those on its own keys (`B#<journey>#<shard>`). Calls per event include the profile-free " +
    'event only (profiles and consent are loaded before counting).',
);
note('');
note(
  '| scenario | concurrency | sends | refused (journey_budget) | budget calls | budget writes per send | DynamoDB calls per event | events/s |',
);
note('|---|---:|---:|---:|---|---:|---:|---:|');

for (const [index, scenario] of scenarios.entries()) {
  const journey = offerJourney(`offer-${index}`, scenario.limits);
  const services = await localServices({
    paths: localPaths(`${dataDir}/run-${index}`),
    db,
    clock,
    registry: new JourneyRegistry([journey]),
    policy,
    telemetry,
  });
  let sends = 0;
  const deliveries = {
    send: async (messages: readonly DeliveryRequest[]) => {
      sends += messages.length;
    },
  };
  const ports = services.ingest({ deliveries, privacy: { send: async () => {} } });
  const customers = Array.from({ length: CUSTOMERS }, (_, n) => `budget-bench-${index}-${n}`);
  for (const customer of customers) {
    for (const event of consentingProfile(customer, now)) await handleIngestBody(JSON.stringify(event), ports);
  }
  counted.calls.clear();
  counted.budgetCalls.clear();
  let refused = 0;
  const decisionLog = ports.decisionLog;
  const countingPorts = {
    ...ports,
    decisionLog: {
      ...{
        decisions: decisionLog.decisions.bind(decisionLog),
        consentHistory: decisionLog.consentHistory.bind(decisionLog),
      },
      ...{
        conversions: decisionLog.conversions.bind(decisionLog),
        engagements: decisionLog.engagements.bind(decisionLog),
      },
      append: async (entries: Parameters<typeof decisionLog.append>[0]) => {
        for (const entry of entries) {
          if (entry.kind !== 'decision') continue;
          if (entry.record.reasons.includes('journey_budget')) refused += 1;
        }
        return decisionLog.append(entries);
      },
    },
  };
  now += 60_000;
  const rate = await throughput(customers.length, scenario.concurrency, async (n) => {
    const detail = { v: 1, eventId: randomUUID(), occurredAt: new Date(now).toISOString(), customerId: customers[n] };
    const event = { 'detail-type': 'product.viewed', detail: { ...detail, productId: `p${n % 50}` } };
    await handleIngestBody(JSON.stringify(event), countingPorts);
  });
  const budgetCalls = total(counted.budgetCalls);
  const budgetWrites = counted.budgetCalls.get('UpdateItem') ?? 0;
  note(
    `| ${scenario.name} | ${scenario.concurrency} | ${sends} | ${refused} | ${listing(counted.budgetCalls)} | ` +
      `${sends > 0 && budgetCalls > 0 ? fmt(budgetWrites / sends, 2) : '0'} | ${fmt(total(counted.calls) / customers.length, 2)} | ${fmt(rate)} |`,
  );
}

await db.close();
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/journey-budget-${new Date().toISOString().slice(0, 10)}.md`;
writeFileSync(file, `${rows.join('\n')}\n`);
console.log(`\nwritten to ${file}`);
