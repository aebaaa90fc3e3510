import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeLocalKeys } from '../../adapters/crypto/local-keys.ts';
import type { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import { toIso } from '../../core/time.ts';
import { candidateDefinitions, journeyDefinitions } from '../../journeys/index.ts';
import { ConsoleTelemetry } from '../local/console-telemetry.ts';
import type { ReplayOptions } from './args.ts';
import { type CompareContext, compareMarkdown, tallyVersion, type VersionTally } from './compare-report.ts';
import { type CompareSpec, registryWithVersion, versionLabel } from './compare-versions.ts';
import { feedReplay, sourceEvents } from './feed.ts';
import { FileDecisionLog } from './file-decision-log.ts';
import { loadJourneyFiles } from './journey-files.ts';
import { Progress } from './progress.ts';
import { createReplay } from './replay-engine.ts';
import { replayPaths } from './replay-services.ts';
import type { SourceProgress } from './sources.ts';

interface CompareIo {
  out(text: string): void;
  err(text: string): void;
}

/** One compared version: the whole replay (in memory, one event at a time) in its own directory under the data dir. */
async function replayVersion(
  options: ReplayOptions,
  side: { journeyId: string; version: number; registry: JourneyRegistry },
  dataDir: string,
  io: CompareIo,
): Promise<{ tally: VersionTally; rows: number; customers: number; drainedUntil: number }> {
  const { journeyId, registry } = side;
  const label = versionLabel(journeyId, side.version);
  const paths = replayPaths(dataDir);
  mkdirSync(paths.dataDir, { recursive: true });
  // The keys `npm run replay` derives from the seed: the same pseudonyms, holdout group and A/B buckets on both sides.
  const derive = (purpose: string) =>
    createHash('sha256').update(`journeys-replay:${options.seed}:${purpose}`).digest();
  await writeLocalKeys(paths.keyring, { contactKey: derive('contact'), pseudonymKey: derive('pseudonym') });
  const telemetry = new ConsoleTelemetry((line) => io.err(line), { quiet: true });
  const { engine, stats } = await createReplay({ paths, store: 'memory', telemetry, concurrency: 1, registry });
  const sourceProgress: SourceProgress = { bytesRead: 0, totalBytes: 0 };
  const progress = new Progress(sourceProgress, stats, () => engine.virtualNow);
  io.err(`${label}:`);
  const events = sourceEvents(options.source, sourceProgress, options);
  await feedReplay(engine, stats, events, {
    ...{ profiles: options.profiles, seed: options.seed, limit: options.limit },
    onRow: () => progress.tick(),
  });
  const drainedUntil = engine.virtualNow + options.drain;
  progress.phase('drain');
  await engine.drain(drainedUntil, () => progress.tick());
  progress.done();
  await engine.close();
  const log = new FileDecisionLog(join(paths.dataDir, 'log.jsonl'));
  const tally = await tallyVersion({
    label,
    timedJourney: journeyId,
    decisionDigest: engine.decisionDigest,
    log: log.scanLog(),
    sentByTemplate: stats.sentByTemplate,
    attributedByJourney: stats.conversions.byJourney,
  });
  log.close();
  return { tally, rows: stats.rows, customers: stats.customers.size, drainedUntil };
}

/**
 * `npm run replay -- --compare cart@1,cart@2`: replays the same events through each version (same seed, so the same
 * customers, pseudonyms and A/B buckets), the other journeys unchanged, and reports what each would have sent.
 */
export async function compareReplay(options: ReplayOptions, spec: CompareSpec, io: CompareIo): Promise<string> {
  // Both versions are looked up before anything is replayed: a version that does not exist is a usage mistake.
  // `--journey` files join the live journeys, as in a plain replay (their versions can be compared too).
  const live = [...journeyDefinitions, ...(await loadJourneyFiles(options.journeys, process.cwd()))];
  const registries = spec.versions.map((version) => registryWithVersion(spec, version, live, candidateDefinitions));
  rmSync(options.dataDir, { recursive: true, force: true });
  const sides = [];
  for (const [index, version] of spec.versions.entries()) {
    const dir = join(options.dataDir, 'compare', `${index + 1}-${versionLabel(spec.journeyId, version)}`);
    const registry = registries[index] as JourneyRegistry;
    sides.push(await replayVersion(options, { journeyId: spec.journeyId, version, registry }, dir, io));
  }
  const [a, b] = sides as [(typeof sides)[number], (typeof sides)[number]];
  const context: CompareContext = {
    journeyId: spec.journeyId,
    source: basename(options.source),
    ...{ rows: a.rows, customers: a.customers, seed: options.seed, drainedUntil: toIso(a.drainedUntil) },
    unchanged: (registries[0] as JourneyRegistry)
      .current()
      .filter((definition) => definition.id !== spec.journeyId)
      .map((definition) => versionLabel(definition.id, definition.version)),
  };
  const markdown = compareMarkdown(context, a.tally, b.tally);
  const reportBase = options.report ?? join(options.dataDir, 'compare-report');
  const reportPath = `${reportBase}.md`;
  writeFileSync(reportPath, markdown);
  writeFileSync(`${reportBase}.json`, `${JSON.stringify({ context, versions: [a.tally, b.tally] }, null, 2)}\n`);
  io.out(markdown);
  io.out(`Report: ${reportPath} and .json · each version's data: ${join(options.dataDir, 'compare')}`);
  return markdown;
}
