/**
 * The bundle row of `npm run bench`: runs bench/bundles.ts as it is (a child process: it builds with CDK and imports
 * each bundle in fresh processes) and reads the deployed variant back from the JSON it writes.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Spread = [number, number, number];

export interface BundleFigures {
  name: string;
  codeKb: number;
  mapKb: number;
  /** Wall-clock import time in a fresh process with the deployed NODE_OPTIONS: min / median / max, ms. */
  importMs: Spread;
  cpuMedianMs: number;
}

export interface BundleSummary {
  file: string;
  runs: number;
  functions: BundleFigures[];
}

interface BundlesJson {
  runs: number;
  bundles: Array<{ variant: string; name: string; codeBytes: number; mapBytes: number; deployedFlag: boolean }>;
  imports: Array<{
    variant: string;
    name: string;
    sourceMaps: boolean;
    min: number;
    median: number;
    max: number;
    cpuMedian: number;
  }>;
}

const BUNDLES = fileURLToPath(new URL('./bundles.ts', import.meta.url));
const DEPLOYED = 'after';

/** The deployed variant's size and import time per function, from a bench/results/bundles-*.json. */
export function bundleSummary(json: BundlesJson, file: string): BundleSummary {
  const functions = json.bundles
    .filter((built) => built.variant === DEPLOYED)
    .map((built) => {
      const imported = json.imports.find(
        (each) => each.variant === DEPLOYED && each.name === built.name && each.sourceMaps === built.deployedFlag,
      );
      return {
        name: built.name,
        codeKb: built.codeBytes / 1024,
        mapKb: built.mapBytes / 1024,
        importMs: [imported?.min ?? 0, imported?.median ?? 0, imported?.max ?? 0] as Spread,
        cpuMedianMs: imported?.cpuMedian ?? 0,
      };
    });
  return { file, runs: json.runs, functions };
}

/** Runs `node bench/bundles.ts --runs=N` and summarises the file it wrote today. */
export async function runBundles(runs: number): Promise<BundleSummary> {
  const child = spawn(process.execPath, [BUNDLES, `--runs=${runs}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = `${stderr}${chunk}`.slice(-4000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`bench/bundles.ts exited with ${code}:\n${stderr}`);
  const file = `bundles-${new Date().toISOString().slice(0, 10)}.json`;
  const json = JSON.parse(readFileSync(new URL(`./results/${file}`, import.meta.url), 'utf8')) as BundlesJson;
  return bundleSummary(json, file);
}
