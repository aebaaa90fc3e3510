import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeLocalKeys } from '../../adapters/crypto/local-keys.ts';
import type { JourneyLifecycles } from '../../core/journey-runtime/lifecycle.ts';
import { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import { toIso } from '../../core/time.ts';
import { candidateDefinitions, journeyDefinitions, registry } from '../../journeys/index.ts';
import { CliError, UsageError } from '../cli-errors.ts';
import { ConsoleTelemetry } from '../local/console-telemetry.ts';
import type { VersionRef } from '../version-ref.ts';
import { parseReplayArgs, type ReplayOptions, USAGE } from './args.ts';
import { compareReplay } from './compare.ts';
import { ENGAGEMENT_RATES, EngagementSimulator } from './engagement-simulator.ts';
import { feedReplay, type SourceReport, sourceEvents } from './feed.ts';
import { FileDecisionLog } from './file-decision-log.ts';
import { writeReplayReport } from './html-report.ts';
import { loadJourneyFiles } from './journey-files.ts';
import { MemorySampler } from './memory-sampler.ts';
import { Progress } from './progress.ts';
import { writeReplayClock } from './replay-clock.ts';
import { createReplay } from './replay-engine.ts';
import { replayPaths } from './replay-services.ts';
import { summaryMarkdown } from './report.ts';
import { shadowMarkdown, tallyShadow } from './shadow-report.ts';
import type { SourceProgress } from './sources.ts';

export interface ReplayIo {
  out(text: string): void;
  err(text: string): void;
  now(): number;
}

const percent = (rate: number) => `${Math.round(rate * 100)} %`;
const ENGAGEMENT_NOTE =
  `Delivery and engagement were simulated (--simulate-engagement): ${percent(ENGAGEMENT_RATES.delivered)} delivered, ` +
  `the rest hard bounces; ${percent(ENGAGEMENT_RATES.opened)} of delivered emails opened, ` +
  `${percent(ENGAGEMENT_RATES.machineOpened)} of those by machines; ${percent(ENGAGEMENT_RATES.clicked)} of human ` +
  'opens (and of delivered SMS and KakaoTalk messages) clicked. They fill the funnel; they measure nothing.';

/** `--shadow cart@2`: the lifecycle an operator's `npm run journeys -- shadow cart@2` would set, from the start. */
function shadowLifecycle(journeys: JourneyRegistry, shadow: VersionRef): JourneyLifecycles {
  const label = `${shadow.journeyId}@${shadow.version}`;
  const versions = journeys.versionsOf(shadow.journeyId);
  if (versions.length === 0) throw new UsageError(`--shadow: no journey "${shadow.journeyId}"`);
  if (!journeys.version(shadow.journeyId, shadow.version)) {
    const known = versions.map((definition) => `${definition.id}@${definition.version}`).join(', ');
    throw new UsageError(`--shadow: ${label} does not exist (known: ${known})`);
  }
  if (journeys.latest(shadow.journeyId).version === shadow.version) {
    throw new UsageError(`--shadow: ${label} is the live version; a shadow runs another one`);
  }
  const since = toIso(0);
  return { [shadow.journeyId]: { state: 'active', since, shadow: { version: shadow.version, since } } };
}

async function replay(options: ReplayOptions, io: ReplayIo): Promise<void> {
  const paths = replayPaths(options.dataDir);
  rmSync(paths.dataDir, { recursive: true, force: true });
  mkdirSync(paths.dataDir, { recursive: true });
  // Keys derived from the seed: the same pseudonyms, holdout group and A/B buckets on every run of the same replay.
  const derive = (purpose: string) =>
    createHash('sha256').update(`journeys-replay:${options.seed}:${purpose}`).digest();
  await writeLocalKeys(paths.keyring, { contactKey: derive('contact'), pseudonymKey: derive('pseudonym') });
  const telemetry = new ConsoleTelemetry((line) => io.err(line), { quiet: true });
  const { store } = options;
  const db =
    store === 'dynamodb'
      ? await (await import('../../adapters/dynamodb/embedded-dynamodb.ts')).startEmbeddedDynamoDb({
          path: paths.dynamodb,
        })
      : undefined;
  try {
    const extra = await loadJourneyFiles(options.journeys, process.cwd());
    const journeys =
      extra.length > 0 ? new JourneyRegistry([...journeyDefinitions, ...extra], [], candidateDefinitions) : registry;
    const { concurrency } = options;
    const lifecycle = options.shadow ? shadowLifecycle(journeys, options.shadow) : undefined;
    const { engine, stats } = await createReplay({
      ...{ paths, store, db, telemetry, concurrency, registry: journeys },
      ...(lifecycle ? { lifecycle } : {}),
    });
    if (options.simulateEngagement) engine.engagement = new EngagementSimulator(options.seed);
    const memory = new MemorySampler();
    const sourceProgress: SourceProgress = { bytesRead: 0, totalBytes: 0 };
    const read: SourceReport = { format: '', skippedRows: 0 };
    const progress = new Progress(sourceProgress, stats, () => engine.virtualNow);
    const started = performance.now();
    const events = sourceEvents(options.source, sourceProgress, options, read);
    const { first } = await feedReplay(engine, stats, events, {
      profiles: options.profiles,
      seed: options.seed,
      limit: options.limit,
      onRow: () => {
        progress.tick();
        memory.tick(stats.rows);
      },
    });
    const ingestSeconds = (performance.now() - started) / 1000;
    const last = engine.virtualNow;
    progress.phase('drain');
    const drainStarted = performance.now();
    await engine.drain(last + options.drain, () => progress.tick());
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    progress.done();
    await engine.close();
    const virtualTime = { first: toIso(first ?? 0), last: toIso(last), drainedUntil: toIso(last + options.drain) };
    writeReplayClock(paths.dataDir, { source: basename(options.source), store, ...virtualTime });
    const summary = stats.summarise(telemetry, {
      source: basename(options.source),
      seed: options.seed,
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
      virtualTime,
    });
    const reportBase = options.report ?? join(paths.dataDir, 'replay-report');
    const log = db
      ? new (await import('../../adapters/dynamodb/customer-table.ts')).DynamoCustomerTable({
          client: db.client,
          tableName: db.tableName,
        })
      : new FileDecisionLog(join(paths.dataDir, 'log.jsonl'));
    const skipped =
      read.skippedRows > 0 ? [`${read.skippedRows} rows of an event type the replay does not map were skipped.`] : [];
    await writeReplayReport(
      {
        ...{ log, stats, source: basename(options.source), format: read.format, definitions: journeys.current() },
        ...(read.credit ? { credit: read.credit } : {}),
        ...{ first: first ?? last, last, generatedAt: new Date(io.now()).toISOString() },
        notes: [...skipped, ...(options.simulateEngagement ? [ENGAGEMENT_NOTE] : [])],
      },
      `${reportBase}.html`,
    );
    const shadowSection = options.shadow
      ? shadowMarkdown(
          await tallyShadow(log.scanLog(), options.shadow.journeyId),
          options.shadow,
          journeys.latest(options.shadow.journeyId).version,
        )
      : '';
    const markdown = summaryMarkdown(summary) + (shadowSection ? `\n${shadowSection}` : '');
    writeFileSync(`${reportBase}.json`, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(`${reportBase}.md`, markdown);
    io.out(markdown);
    io.out(`Format: ${read.format}${skipped.length > 0 ? ` (${skipped[0]})` : ''}`);
    io.out(`Report: ${reportBase}.html, .md and .json · mailbox: ${paths.mailbox} · data: ${paths.dataDir}`);
  } finally {
    await db?.close();
  }
}

/** `npm run replay`: returns the exit code (0 done, 1 unreadable input, 2 bad usage). */
export async function runReplay(argv: readonly string[], io: ReplayIo): Promise<number> {
  try {
    const command = parseReplayArgs(argv);
    if (command.kind === 'help') {
      io.out(USAGE);
      return 0;
    }
    const { compare } = command.options;
    if (compare) await compareReplay(command.options, compare, io);
    else await replay(command.options, io);
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err(`replay: ${error.message}${error.exitCode === 2 ? `\n\n${USAGE}` : ''}`);
    return error.exitCode;
  }
}
