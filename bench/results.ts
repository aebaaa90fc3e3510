import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { BundleSummary } from './bundle-summary.ts';
import type { CallSummary } from './call-summary.ts';
import type { CostModel, Measured, MixCounts } from './cost-model.ts';
import { ASSUMPTION_NOTES, costMarkdown } from './cost-report.ts';
import type { DeliveryRun } from './delivery.ts';
import { goalRows, type Row } from './goals.ts';
import type { IngestRun, VaultKind } from './ingest.ts';
import type { ColdStartReads, KmsAtRate } from './kms-model.ts';
import { fmt } from './measure.ts';
import type { Dispatched } from './pipeline-floor.ts';
import type { LatenessRun } from './timer-lateness.ts';

type Spread = [number, number, number];

export interface EngineResult {
  events: number;
  rates: Spread;
  decisions: number;
  digest: string;
  stable: boolean;
}

export interface ReplayResult {
  rows: number;
  events: number;
  customers: number;
  rates: Spread;
  drainSeconds: number;
  peakRssMb: number;
  samples: Array<{ rows: number; rssMb: number; heapUsedMb: number }>;
  digest: string;
  decided: Record<string, number>;
}

export interface Results {
  startedAt: string;
  node: string;
  machine: string;
  /** 1-minute load average at the start and the end (the machine is shared). */
  load: number[];
  quick: boolean;
  seconds?: number;
  engine?: Partial<Record<'rees46' | 'synthetic', EngineResult>>;
  ingest?: { events: number } & Partial<Record<VaultKind, IngestRun & { rates: Spread }>>;
  pipeline?: { events: number; ratio1: Spread; ratio16: Spread; rates: Record<string, Spread> };
  dynamodb?: CallSummary;
  dispatched?: Dispatched & { events: number };
  delivery?: DeliveryRun;
  replay?: { rees46: ReplayResult; synthetic: ReplayResult; dynamodb?: ReplayResult };
  cost?: { mixes: MixCounts[]; measured: Measured; models: CostModel[] };
  kms?: {
    reads: ColdStartReads;
    work: { secondsPerEvent: number; secondsPerMessage: number; messagesPerEvent: number };
    rates: KmsAtRate[];
    breakEven: number;
  };
  timers?: LatenessRun;
  bundles?: BundleSummary;
}

const RESULTS = new URL('./results/', import.meta.url);
const README = new URL('./README.md', import.meta.url);
const TABLE_START = '<!-- bench:table -->';
const TABLE_END = '<!-- /bench:table -->';

/** The decision digests of the newest complete earlier results, to check an optimisation decides as before. */
export function previousDigests(): Partial<Record<'rees46' | 'synthetic', string>> | undefined {
  if (!existsSync(RESULTS)) return undefined;
  for (const name of readdirSync(RESULTS)
    .filter((file) => /^\d{4}-\d\d-\d\d\.json$/.test(file))
    .sort()
    .reverse()) {
    const earlier = JSON.parse(readFileSync(new URL(name, RESULTS), 'utf8')) as Results;
    if (earlier.engine?.rees46 && !earlier.quick) {
      return { rees46: earlier.engine.rees46.digest, synthetic: earlier.engine.synthetic?.digest ?? '' };
    }
  }
  return undefined;
}

export function tableMarkdown(rows: readonly Row[]): string {
  return [
    '| measure | goal | measured (min / median / max) | verdict | what would close it |',
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.measure} | ${row.goal} | ${row.measured} | ${row.verdict} | ${row.close} |`),
  ].join('\n');
}

function details(results: Results): string {
  const parts: string[] = [];
  const { dynamodb, cost, kms, replay, engine } = results;
  if (engine) {
    parts.push(
      '### Decision digests',
      ...Object.entries(engine).map(
        ([input, run]) =>
          `- pure engine, ${input} (${run.events.toLocaleString('en-US')} events): \`${run.digest}\`, ${run.decisions} decisions`,
      ),
      ...(replay
        ? Object.entries(replay).map(
            ([input, run]) =>
              `- replay, ${input === 'dynamodb' ? `REES46 first ${run.rows} rows (dynamodb store)` : `${input} (memory store)`}: \`${run.digest}\``,
          )
        : []),
    );
  }
  if (dynamodb) {
    parts.push(
      '',
      `### DynamoDB calls per event (ingest, ${dynamodb.events} REES46 events, counted by SDK middleware)`,
      `${fmt(dynamodb.callsPerEvent, 2)} calls per event: ${Object.entries(dynamodb.perEvent)
        .map(([op, n]) => `${op} ${fmt(n, 2)}`)
        .join(', ')}; ` +
        `${fmt(dynamodb.readUnitsPerEvent, 2)} RRU and ${fmt(dynamodb.writeUnitsPerEvent, 2)} WRU per event ` +
        `(of which ${fmt(dynamodb.indexWriteUnitsPerEvent, 2)} wake-index writes). Customer item p50/p95/max ` +
        `${dynamodb.customerItemBytes.p50}/${dynamodb.customerItemBytes.p95}/${dynamodb.customerItemBytes.max} bytes (budget p95 ≤ 2,048).`,
      '',
      '| detail-type | events | most frequent calls | share |',
      '|---|---:|---|---:|',
      ...Object.entries(dynamodb.byDetailType).map(
        ([type, each]) => `| ${type} | ${each.events} | ${each.pattern} | ${fmt(each.share * 100)}% |`,
      ),
    );
  }
  if (cost)
    parts.push(
      '',
      '### Cost model',
      ...cost.models.map((model) => `\n${costMarkdown(model)}`),
      '',
      ...ASSUMPTION_NOTES.map((note) => `- ${note}`),
    );
  if (kms) {
    parts.push(
      '',
      '### KMS calls per 10,000 events',
      `Cold-start reads from ${kms.reads.source}: ${Object.entries(kms.reads.perFunction)
        .map(
          ([fn, reads]) => `${fn} ${reads.secrets} GetSecretValue + ${reads.parameters} GetParameter, KMS ${reads.kms}`,
        )
        .join('; ')}. ` +
        'Each GetSecretValue of a secret under a customer managed key makes one KMS Decrypt; our code calls KMS directly 0 times.',
      '',
      '| events/s | cold starts/h | KMS from cold starts | KMS from SQS + DynamoDB encryption (per time) | total |',
      '|---:|---:|---:|---:|---:|',
      ...kms.rates.map(
        (rate) =>
          `| ${rate.eventsPerSecond} | ${fmt(rate.coldStartsPerHour, 1)} | ${fmt(rate.coldStartKmsPer10k, 2)} | ${fmt(rate.serviceKmsPer10k, 1)} | ${fmt(rate.totalPer10k, 1)} |`,
      ),
    );
  }
  return parts.join('\n');
}

/** Writes bench/results/<date>.md and .json, and the table of bench/README.md when the run was complete. */
export function writeResults(results: Results, options: { updateReadme: boolean }) {
  const rows = goalRows(results);
  const table = tableMarkdown(rows);
  mkdirSync(RESULTS, { recursive: true });
  const stamp = results.startedAt.slice(0, 10) + (results.quick ? '-quick' : '');
  const header =
    `# Benchmarks ${results.startedAt}\n\nNode ${results.node}, ${results.machine}; load average ` +
    `${results.load.map((load) => load.toFixed(1)).join(' → ')} (shared machine); ${fmt(results.seconds ?? 0)} s. ` +
    'Ratios are measured side by side in one run; absolute numbers depend on the machine.\n\n';
  writeFileSync(new URL(`${stamp}.md`, RESULTS), `${header}${table}\n\n${details(results)}\n`);
  writeFileSync(new URL(`${stamp}.json`, RESULTS), `${JSON.stringify(results, null, 2)}\n`);
  const files = [`bench/results/${stamp}.md`, `bench/results/${stamp}.json`];
  if (options.updateReadme && existsSync(README)) {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    if (start >= 0 && end > start) {
      const note = `Run of ${results.startedAt.slice(0, 16)} UTC (bench/results/${stamp}.md), load average ${results.load.map((load) => load.toFixed(1)).join(' → ')}.`;
      writeFileSync(
        README,
        `${readme.slice(0, start + TABLE_START.length)}\n${note}\n\n${table}\n${readme.slice(end)}`,
      );
      files.push('bench/README.md');
    }
  }
  return { table, files };
}
