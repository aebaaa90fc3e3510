import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { writeLocalKeys } from '../adapters/crypto/local-keys.ts';
import { parseDuration, toIso } from '../core/time.ts';
import { ConsoleTelemetry } from './local/console-telemetry.ts';
import { feedReplay, sourceEvents } from './replay/feed.ts';
import { MemorySampler } from './replay/memory-sampler.ts';
import { Progress } from './replay/progress.ts';
import { createReplay } from './replay/replay-engine.ts';
import { type ReplayStore, replayPaths } from './replay/replay-services.ts';
import { summaryMarkdown } from './replay/report.ts';
import type { SourceProgress } from './replay/sources.ts';

// A replay allocates fast and keeps its customers: with V8's default heap growth the old generation runs up to
// ~4x its live size before a full collection (1.2 GB peak for 100k customers). Growing it by 20% at a time keeps
// the peak near the live size at no measurable cost in speed (bench/README.md).
setFlagsFromString('--heap-growing-percent=20');

const DEFAULT_SOURCE = '../shared/data/rees46_2019-Oct_first_2h50m.csv.gz';
const USAGE = `npm run replay -- [file.csv|file.csv.gz|file.jsonl] [--store memory|dynamodb] [--speed virtual]
  [--drain 35d] [--seed 42] [--data-dir .data/replay] [--report <path without extension>] [--concurrency N]
  [--limit N] [--profiles synthetic|none]
Default file: ${DEFAULT_SOURCE} (REES46, see its README). The data dir is emptied first.
--store memory (default): customers in memory (a backtest), one event at a time (--concurrency 1).
--store dynamodb: the embedded DynamoDB on disk under the data dir, as \`npm start\` (--concurrency 8 by default);
  \`npm run why\` can read it afterwards.`;

const { values, positionals } = parseArgs({
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
    profiles: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.store !== 'memory' && values.store !== 'dynamodb') {
  fail(`--store must be memory or dynamodb, got "${values.store}"`);
}
const store = values.store as ReplayStore;
if (values.speed !== 'virtual')
  fail(`--speed ${values.speed} is not supported: replays run on a virtual clock (--speed virtual)`);
const source = resolve(positionals[0] ?? DEFAULT_SOURCE);
if (!existsSync(source)) fail(`No such file: ${source}`);
const isJsonl = /\.jsonl(\.gz)?$/.test(source);
if (!isJsonl && !/\.csv(\.gz)?$/.test(source))
  fail(`Cannot tell the format of ${source}: use .csv, .csv.gz, .jsonl or .jsonl.gz`);
const drain = (() => {
  try {
    return parseDuration(values.drain);
  } catch (error) {
    return fail(`--drain: ${(error as Error).message}`);
  }
})();
const seed = Number(values.seed);
const limit = values.limit ? Number(values.limit) : Number.POSITIVE_INFINITY;
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${values.seed}"`);
if (!(limit > 0)) fail(`--limit must be a positive number of rows, got "${values.limit}"`);
const concurrency = Number(values.concurrency ?? (store === 'dynamodb' ? 8 : 1));
if (!(concurrency >= 1)) fail(`--concurrency must be at least 1, got "${values.concurrency}"`);
const profiles = values.profiles ?? (isJsonl ? 'none' : 'synthetic');

const paths = replayPaths(resolve(values['data-dir']));
rmSync(paths.dataDir, { recursive: true, force: true });
mkdirSync(paths.dataDir, { recursive: true });
// Keys derived from the seed: the same pseudonyms, holdout group and A/B buckets on every run of the same replay.
const derive = (purpose: string) => createHash('sha256').update(`journeys-replay:${seed}:${purpose}`).digest();
await writeLocalKeys(paths.keyring, { contactKey: derive('contact'), pseudonymKey: derive('pseudonym') });
const telemetry = new ConsoleTelemetry((line) => console.error(line), { quiet: true });
const db =
  store === 'dynamodb'
    ? await (await import('../adapters/dynamodb/embedded-dynamodb.ts')).startEmbeddedDynamoDb({ path: paths.dynamodb })
    : undefined;
const { engine, stats } = await createReplay({ paths, store, db, telemetry, concurrency });
const memory = new MemorySampler();

const sourceProgress: SourceProgress = { bytesRead: 0, totalBytes: 0 };
const progress = new Progress(sourceProgress, stats, () => engine.virtualNow);
const started = performance.now();
const { first } = await feedReplay(engine, stats, sourceEvents(source, sourceProgress), {
  profiles: profiles === 'synthetic' ? 'synthetic' : 'none',
  seed,
  limit,
  onRow: () => {
    progress.tick();
    memory.tick(stats.rows);
  },
});
const ingestSeconds = (performance.now() - started) / 1000;
const last = engine.virtualNow;
progress.phase('drain');
const drainStarted = performance.now();
await engine.drain(last + drain, () => progress.tick());
const drainSeconds = (performance.now() - drainStarted) / 1000;
progress.done();
await engine.close();

const summary = stats.summarise(telemetry, {
  source: basename(source),
  seed,
  store,
  decisionDigest: engine.decisionDigest,
  memory: memory.summary(stats.rows),
  ports: engine.portCalls,
  timing: {
    ingestSeconds,
    eventsPerSecond: (stats.rows + stats.syntheticEvents) / ingestSeconds,
    drainSeconds,
    totalSeconds: ingestSeconds + drainSeconds,
  },
  virtualTime: { first: toIso(first ?? 0), last: toIso(last), drainedUntil: toIso(last + drain) },
});
const reportBase = resolve(values.report ?? join(paths.dataDir, 'replay-report'));
const markdown = summaryMarkdown(summary);
writeFileSync(`${reportBase}.json`, `${JSON.stringify(summary, null, 2)}\n`);
writeFileSync(`${reportBase}.md`, markdown);
console.log(markdown);
console.log(`Report: ${reportBase}.md and .json · mailbox: ${paths.mailbox} · data: ${paths.dataDir}`);
await db?.close();
