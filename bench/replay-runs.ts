/**
 * `npm run replay` as a user runs it (a child process, so its RSS is its own): events/s, peak RSS, memory samples
 * and the decision digest, read from the report it writes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplaySummary } from '../cli/replay/replay-stats.ts';
import type { ReplayResult } from './results.ts';

const REPLAY = fileURLToPath(new URL('../cli/replay.ts', import.meta.url));

/** Runs `node cli/replay.ts …args` in a scratch data dir and returns its summary (throws on a non-zero exit). */
export async function runReplay(args: readonly string[]): Promise<ReplaySummary> {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-bench-replay-'));
  const report = join(dir, 'report');
  const child = spawn(process.execPath, [REPLAY, ...args, '--data-dir', join(dir, 'data'), '--report', report], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = `${stderr}${chunk}`.slice(-4000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`replay ${args.join(' ')} exited with ${code}:\n${stderr}`);
  const summary = JSON.parse(readFileSync(`${report}.json`, 'utf8')) as ReplaySummary;
  rmSync(dir, { recursive: true, force: true });
  return summary;
}

/** RSS growth over the second half of the input, in MB (how far from flat the memory is). */
export function secondHalfGrowthMb(summary: ReplaySummary): number {
  const samples = summary.memory?.samples ?? [];
  const half = samples.find((sample) => sample.rows >= summary.rows / 2);
  const last = samples.at(-1);
  return half && last ? last.rssMb - half.rssMb : 0;
}

/** What the results keep of a replay's summary (its rates come from the runs). */
export function replayView(summary: ReplaySummary): Omit<ReplayResult, 'rates'> {
  return {
    rows: summary.rows,
    events: summary.rows + summary.syntheticEvents,
    customers: summary.customers,
    drainSeconds: summary.timing.drainSeconds,
    peakRssMb: summary.memory?.peakRssMb ?? 0,
    samples: summary.memory?.samples ?? [],
    digest: summary.decisionDigest ?? '',
    decided: summary.decided,
  };
}
