import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../../core/time.ts';
import { UsageError } from '../cli-errors.ts';
import { parseVersionRef, type VersionRef } from '../version-ref.ts';
import { type CompareSpec, parseCompareSpec } from './compare-versions.ts';
import { type ColumnMap, parseColumns, parseTypes } from './csv-formats.ts';
import type { ClickType } from './rees46.ts';
import type { ReplayStore } from './replay-services.ts';

export const DEFAULT_SOURCE = '../shared/data/rees46_2019-Oct_first_2h50m.csv.gz';
export const USAGE = `npm run replay -- [file.csv|file.csv.gz|file.jsonl|file.jsonl.gz] [options]
Default file: ${DEFAULT_SOURCE} (REES46, see its README).
A CSV's format is told by its header: the REES46 clickstream, the UCI Online Retail invoices, or your own with
  --columns customer=<col>,time=<col>,type=<col>[,product=<col>,price=<col>,cart=<col>,category=<col>]
  --types <value>=<detail-type>,… (product.viewed, cart.item_added, cart.item_removed, order.placed;
          default: REES46's view/cart/remove_from_cart/purchase and the detail-types themselves)
  --currency USD (the prices' currency in a --columns file)
Events must be in time order: a replay refuses the first one out of order, naming its line; --sort sorts them in
  memory first.
--profiles synthetic (default, CSV and JSONL alike): before a customer's first event, a seeded profile (locale,
  country, email and phone) and consents, so journeys have someone to message; none: only the file's own events.
--store memory (default): customers in memory (a backtest), one event at a time (--concurrency 1).
--store dynamodb: the embedded DynamoDB on disk under the data dir, as \`npm start\` (--concurrency 8 by default);
  \`npm run why\` can read it afterwards.
--simulate-engagement: draws delivery, bounce, open (some by machines) and click reports for the messages sent
  (rates in the README), so the report's funnel is filled end to end.
--drain 35d (keep the clock running after the last event), --seed 42, --data-dir .data/replay (emptied first),
--report <path without extension> (default <data dir>/replay-report: .md, .json and .html), --limit N rows.
--journey file.ts: also run the journeys this file exports (e.g. one npm run import:pinpoint wrote); repeatable.
--compare cart@1,cart@2: replays the same events through both versions of the journey (in memory, the other
  journeys unchanged) and prints what each would have sent, side by side (<data dir>/compare-report.md).
--shadow cart@2: runs that version as a shadow beside the live one, as \`npm run journeys -- shadow cart@2\` does in
  production: it decides (outcome shadow in the log and the summary) and sends nothing.`;

export interface ReplayOptions {
  source: string;
  store: ReplayStore;
  drain: number;
  seed: number;
  dataDir: string;
  report?: string;
  concurrency: number;
  limit: number;
  profiles: 'synthetic' | 'none';
  sort: boolean;
  simulateEngagement: boolean;
  columns?: ColumnMap;
  types?: Record<string, ClickType>;
  currency?: string;
  /** Journey files to run next to the house journeys. */
  journeys: string[];
  /** `--compare cart@1,cart@2`: replay the events through both versions instead of once. */
  compare?: CompareSpec;
  /** `--shadow cart@2`: the version to run as a shadow beside the live one. */
  shadow?: VersionRef;
}

export type ReplayCommand = { kind: 'help' } | { kind: 'replay'; options: ReplayOptions };

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      store: { type: 'string', default: 'memory' },
      speed: { type: 'string', default: 'virtual' },
      drain: { type: 'string', default: '35d' },
      seed: { type: 'string', default: '42' },
      'data-dir': { type: 'string', default: '.data/replay' },
      report: { type: 'string' },
      concurrency: { type: 'string' },
      limit: { type: 'string' },
      profiles: { type: 'string', default: 'synthetic' },
      sort: { type: 'boolean', default: false },
      'simulate-engagement': { type: 'boolean', default: false },
      columns: { type: 'string' },
      types: { type: 'string' },
      currency: { type: 'string' },
      compare: { type: 'string' },
      shadow: { type: 'string' },
      journey: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
}

/** Reads the command line of `npm run replay`; throws `UsageError` naming the mistake. */
export function parseReplayArgs(argv: readonly string[]): ReplayCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 1) throw new UsageError(`expected one input file, got ${positionals.length}`);
  if (values.store !== 'memory' && values.store !== 'dynamodb') {
    throw new UsageError(`--store must be memory or dynamodb, got "${values.store}"`);
  }
  if (values.speed !== 'virtual') {
    throw new UsageError(`--speed ${values.speed} is not supported: replays run on a virtual clock (--speed virtual)`);
  }
  const source = resolve(positionals[0] ?? DEFAULT_SOURCE);
  if (!existsSync(source)) throw new UsageError(`no such file: ${source}`);
  const isJsonl = /\.jsonl(\.gz)?$/.test(source);
  if (!isJsonl && !/\.csv(\.gz)?$/.test(source)) {
    throw new UsageError(`cannot tell the format of ${source}: use .csv, .csv.gz, .jsonl or .jsonl.gz`);
  }
  if (isJsonl && (values.columns || values.types)) throw new UsageError('--columns and --types map CSV files');
  if (values.types && !values.columns) throw new UsageError('--types goes with --columns');
  let drain: number;
  try {
    drain = parseDuration(values.drain);
  } catch (error) {
    throw new UsageError(`--drain: ${(error as Error).message}`, { cause: error });
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const limit = values.limit ? Number(values.limit) : Number.POSITIVE_INFINITY;
  if (!(limit > 0)) throw new UsageError(`--limit must be a positive number of rows, got "${values.limit}"`);
  const store = values.store as ReplayStore;
  const concurrency = Number(values.concurrency ?? (store === 'dynamodb' ? 8 : 1));
  if (!(concurrency >= 1)) throw new UsageError(`--concurrency must be at least 1, got "${values.concurrency}"`);
  if (values.profiles !== 'synthetic' && values.profiles !== 'none') {
    throw new UsageError(`--profiles must be synthetic or none, got "${values.profiles}"`);
  }
  if (values.currency !== undefined && !/^[A-Z]{3}$/.test(values.currency)) {
    throw new UsageError(`--currency must be an ISO 4217 code like USD, got "${values.currency}"`);
  }
  if (values.compare !== undefined && values.shadow !== undefined) {
    throw new UsageError('--compare and --shadow exclude each other: the comparison already replays both versions');
  }
  if (values.compare !== undefined && (store !== 'memory' || values['simulate-engagement'])) {
    throw new UsageError('--compare replays in memory, without --store dynamodb or --simulate-engagement');
  }
  return {
    kind: 'replay',
    options: {
      ...{ source, store, drain, seed, limit, concurrency, profiles: values.profiles },
      dataDir: resolve(values['data-dir']),
      ...(values.report ? { report: resolve(values.report) } : {}),
      sort: values.sort,
      simulateEngagement: values['simulate-engagement'],
      ...(values.columns ? { columns: parseColumns(values.columns) } : {}),
      ...(values.types ? { types: parseTypes(values.types) } : {}),
      ...(values.currency ? { currency: values.currency } : {}),
      ...(values.compare !== undefined ? { compare: parseCompareSpec(values.compare) } : {}),
      ...(values.shadow !== undefined ? { shadow: parseVersionRef(values.shadow, '--shadow') } : {}),
      journeys: values.journey ?? [],
    },
  };
}
