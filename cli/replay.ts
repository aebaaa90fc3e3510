import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeLocalKeys } from '../adapters/crypto/local-keys.ts';
import { startEmbeddedDynamoDb } from '../adapters/dynamodb/embedded-dynamodb.ts';
import { parseDuration, toIso } from '../core/time.ts';
import { ConsoleTelemetry } from './local/console-telemetry.ts';
import { localPaths } from './local/local-services.ts';
import { Progress } from './replay/progress.ts';
import { Rees46Mapper } from './replay/rees46.ts';
import { createReplay } from './replay/replay-engine.ts';
import { summaryMarkdown } from './replay/report.ts';
import { readCsv, readJsonl, type SourceEvent, type SourceProgress } from './replay/sources.ts';
import { syntheticProfile } from './replay/synthetic-profiles.ts';

const DEFAULT_SOURCE = '../shared/data/rees46_2019-Oct_first_2h50m.csv.gz';
const USAGE = `npm run replay -- [file.csv|file.csv.gz|file.jsonl] [--speed virtual] [--drain 35d] [--seed 42]
  [--data-dir .data/replay] [--report <path without extension>] [--concurrency 8] [--limit N] [--profiles synthetic|none]
Default file: ${DEFAULT_SOURCE} (REES46, see its README). The data dir is emptied first.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    speed: { type: 'string', default: 'virtual' },
    drain: { type: 'string', default: '35d' },
    seed: { type: 'string', default: '42' },
    'data-dir': { type: 'string', default: '.data/replay' },
    report: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
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
if (!(Number(values.concurrency) >= 1)) fail(`--concurrency must be at least 1, got "${values.concurrency}"`);
const profiles = values.profiles ?? (isJsonl ? 'none' : 'synthetic');

const paths = localPaths(resolve(values['data-dir']));
rmSync(paths.dataDir, { recursive: true, force: true });
mkdirSync(paths.dataDir, { recursive: true });
// Keys derived from the seed: the same pseudonyms, holdout group and A/B buckets on every run of the same replay.
const derive = (purpose: string) => createHash('sha256').update(`journeys-replay:${seed}:${purpose}`).digest();
await writeLocalKeys(paths.keyring, { contactKey: derive('contact'), pseudonymKey: derive('pseudonym') });
const telemetry = new ConsoleTelemetry((line) => console.error(line), { quiet: true });
const db = await startEmbeddedDynamoDb({ path: paths.dynamodb });
const { engine, stats } = await createReplay({ paths, db, telemetry, concurrency: Number(values.concurrency) });

async function* events(progress: SourceProgress): AsyncGenerator<SourceEvent> {
  if (isJsonl) {
    yield* readJsonl(source, progress);
    return;
  }
  const mapper = new Rees46Mapper(basename(source));
  for await (const row of readCsv(source, progress)) {
    const event = mapper.map(row);
    if (event) yield event;
  }
}

const sourceProgress: SourceProgress = { bytesRead: 0, totalBytes: 0 };
const progress = new Progress(sourceProgress, stats, () => engine.virtualNow);
const started = performance.now();
let first: number | undefined;
for await (const event of events(sourceProgress)) {
  if (stats.rows >= limit) break;
  stats.rows += 1;
  stats.eventsByType[event.detailType] = (stats.eventsByType[event.detailType] ?? 0) + 1;
  const customerId = String(event.detail.customerId ?? '');
  const occurredAt = Date.parse(String(event.detail.occurredAt));
  first ??= occurredAt;
  if (!stats.customers.has(customerId)) {
    stats.customers.add(customerId);
    if (profiles === 'synthetic') {
      for (const setup of syntheticProfile(customerId, occurredAt, seed)) {
        stats.syntheticEvents += 1;
        await engine.push(setup);
      }
    }
  }
  await engine.push(event);
  progress.tick();
}
await engine.idle();
const ingestSeconds = (performance.now() - started) / 1000;
const last = engine.virtualNow;
progress.phase('drain');
const drainStarted = performance.now();
await engine.drain(last + drain, () => progress.tick());
const drainSeconds = (performance.now() - drainStarted) / 1000;
progress.done();

const summary = stats.summarise(telemetry, {
  source: basename(source),
  seed,
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
await db.close();
