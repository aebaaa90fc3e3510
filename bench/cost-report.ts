/** The cost model as Markdown, with its assumptions. */
import { readFileSync } from 'node:fs';
import { ASSUMPTIONS, type CostModel, costModel, type LineItem, type Measured, type MixCounts } from './cost-model.ts';

const money = (value: number) => `$${value.toFixed(value < 0.1 ? 4 : 3)}`;
const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** The model as Markdown: both tables, totals and the assumptions. */
export function costMarkdown(model: CostModel): string {
  const rows = (items: LineItem[]) =>
    items.map(
      (item) =>
        `| ${item.service} | ${item.item} | ${count(item.quantity)} ${item.unit} | ${money(item.costPerMillion)} |`,
    );
  return [
    `#### ${model.mix}: per million ingested events — ${money(model.eventsTotal)}`,
    '| service | line | quantity per million events | cost |',
    '|---|---|---:|---:|',
    ...rows(model.perMillionEvents),
    '',
    `#### ${model.mix}: per million messages sent — ${money(model.messagesTotal)}`,
    '| service | line | quantity per million messages | cost |',
    '|---|---|---:|---:|',
    ...rows(model.perMillionMessages),
    '',
    `${model.mix}: ${model.messagesPerEvent.toFixed(3)} messages per event, so all in **${money(model.allInPerMillionEvents)} ` +
      'per million ingested events** (channel provider fees excluded: SES $100 per million e-mails).',
  ].join('\n');
}

export const ASSUMPTION_NOTES = [
  `Batches of ${ASSUMPTIONS.batchSize} per invocation, full; Lambda arm64 at 512 MB (${(ASSUMPTIONS.vcpuShare * 100).toFixed(0)}% of a vCPU), CPU per event and per message measured here on one core and scaled by that share; arm64 assumed as fast per core.`,
  `Service latencies (ms, not measured): ${Object.entries(ASSUMPTIONS.latencyMs)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ')}; calls within an event run one after another (ingest handles a batch in order).`,
  '1 WRU per started KB written (an update or overwrite is charged on the larger of the old and new item), 1 RRU per started 4 KB read strongly consistent, 0.5 eventually consistent. Item sizes: the customer item as the DynamoDB adapter writes it (keys, packed `doc` and outbox, contact; decision 0009), sampled in the replay, plus the difference between the deployed sealed contact (Encryption SDK message) and the replay’s; the replay keeps seen-event digests for years (its dedupe horizon), live keeps 7 days, so long histories (synthetic mix) are slightly overstated.',
  'GSI `wake` (KEYS_ONLY) writes: one per entry added or removed, two per move, at the rate counted on the embedded DynamoDB. TTL deletes are free. Storage, backups, CloudWatch Logs and metrics, X-Ray, data transfer and channel provider fees (SES, SMS) are not included.',
  `Sweeper fixed cost (EventBridge Scheduler once a minute, its Lambda, ${ASSUMPTIONS.sweeperQueriesPerRun} wake-index queries per run) spread over ${ASSUMPTIONS.monthlyEvents.toLocaleString('en-US')} events a month.`,
  'EventBridge custom events are billed per 64 KB chunk (every event here is one chunk); SQS per 64 KB chunk of request (each request here is one). Customer keys: one 1 WRU PutItem per sealed contact (ingest), one strongly consistent read per decrypt (deliver; its in-memory key cache seldom hits across customers).',
];

/** Prints the model of the measured inputs saved in a bench results file (no measuring). */
export function printCostModel(path: string | undefined): void {
  if (!path) {
    console.error('usage: node bench/cost-model.ts bench/results/<date>.json');
    process.exit(2);
  }
  const results = JSON.parse(readFileSync(path, 'utf8')) as { cost?: { mixes: MixCounts[]; measured: Measured } };
  if (!results.cost) throw new Error(`${path} has no cost inputs (run npm run bench -- --only cost)`);
  for (const mix of results.cost.mixes) console.log(`${costMarkdown(costModel(mix, results.cost.measured))}\n`);
  console.log(ASSUMPTION_NOTES.map((note) => `- ${note}`).join('\n'));
}

if (import.meta.main) printCostModel(process.argv[2]);
