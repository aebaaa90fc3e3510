/**
 * Lambda bundles (issue 13, decision 0007): each function bundled by the real `JourneyFunction` construct (CDK runs
 * local esbuild, as `cdk synth` does), then its size and the time to import it in a fresh Node process, with and
 * without `--enable-source-maps`. Variants are built and measured side by side in one run, runs interleaved.
 *
 *   npm run bench:bundles [-- --runs=7]
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { type FunctionName, JOURNEY_BUNDLING, JourneyFunction } from '../infra/constructs/journey-function.ts';
import { fmt } from './measure.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const NAMES: FunctionName[] = ['ingest', 'deliver', 'privacy', 'sweeper'];
const SOURCE_MAPS = '--enable-source-maps';

interface Variant {
  id: string;
  what: string;
  /** Overrides of the construct's bundling options; none builds exactly what is deployed. */
  bundling: nodejs.BundlingOptions;
  /** `NODE_OPTIONS` as deployed; undefined: read from the synthesized template. */
  nodeOptions?: string;
  /** Resolve bare imports left in the bundle from the project's node_modules (stand-in for the runtime's SDK). */
  runtimeModules?: boolean;
}

/** The bundling of commit 2d92ab4 (before issue 13), every option spelled out so the current defaults do not leak in. */
const BEFORE: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  sourcesContent: true,
  target: 'node22',
  externalModules: [],
  esbuildArgs: {},
};

const VARIANTS: Variant[] = [
  {
    id: 'before',
    what: 'the bundling options of 2d92ab4 (NODE_OPTIONS=--enable-source-maps) on the sources of this run',
    bundling: BEFORE,
    nodeOptions: SOURCE_MAPS,
  },
  { id: 'after', what: 'JOURNEY_BUNDLING as deployed', bundling: {} },
  {
    id: 'sdk-external',
    what: 'after, AWS SDK v3 and Smithy left to the runtime (not deployed)',
    bundling: { externalModules: ['@aws-sdk/*', '@smithy/*'] },
    runtimeModules: true,
  },
];

interface Built {
  variant: string;
  name: FunctionName;
  file: string;
  codeBytes: number;
  mapBytes: number;
  deployedFlag: boolean;
  largest: Array<[string, number]>;
}

/** Synthesizes one stack of the four functions with bundling on and copies each bundle to `<work>/<variant>/<name>`. */
function build(variant: Variant, work: string): Built[] {
  const outdir = join(work, `cdk.out-${variant.id}`);
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, `Bundles-${variant.id}`);
  const functions = NAMES.map(
    (name) =>
      // metafile and log level change no byte of the bundle: one lists its inputs, the other quiets esbuild.
      new JourneyFunction(stack, name, {
        name,
        bundling: { ...variant.bundling, metafile: true, logLevel: nodejs.LogLevel.ERROR },
      }),
  );
  app.synth();
  const resources = JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')).Resources;
  const directory = join(work, variant.id);
  if (variant.runtimeModules) {
    mkdirSync(directory, { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'), 'dir');
  }
  return functions.map((fn, index) => {
    const name = NAMES[index] as FunctionName;
    const resource = resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)];
    const asset = join(outdir, resource.Metadata['aws:asset:path']);
    const target = join(directory, name);
    mkdirSync(target, { recursive: true });
    for (const file of ['index.mjs', 'index.mjs.map']) {
      if (existsSync(join(asset, file))) copyFileSync(join(asset, file), join(target, file));
    }
    const nodeOptions: string | undefined =
      variant.nodeOptions ?? resource.Properties.Environment.Variables.NODE_OPTIONS;
    return {
      variant: variant.id,
      name,
      file: join(target, 'index.mjs'),
      codeBytes: statSync(join(target, 'index.mjs')).size,
      mapBytes: existsSync(join(target, 'index.mjs.map')) ? statSync(join(target, 'index.mjs.map')).size : 0,
      deployedFlag: (nodeOptions ?? '').includes(SOURCE_MAPS),
      largest: largestInputs(join(asset, 'index.meta.json')),
    };
  });
}

/** Output bytes per package (or project folder), largest first. */
function largestInputs(metafile: string): Array<[string, number]> {
  const meta = JSON.parse(readFileSync(metafile, 'utf8'));
  const outputs = meta.outputs as Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  const output = Object.entries(outputs).find(([path]) => path.endsWith('index.mjs'))?.[1];
  const totals = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, 6);
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** Imports the bundle in a fresh `node` with a Lambda-like environment; the handler must be there. */
function importOnce(built: Built, sourceMaps: boolean): Sample {
  const script = [
    'const cpu = process.cpuUsage(); const started = performance.now();',
    `const module = await import(${JSON.stringify(pathToFileURL(built.file).href)});`,
    'const wallMs = performance.now() - started; const used = process.cpuUsage(cpu);',
    "if (typeof module.handler !== 'function') throw new Error('no handler');",
    'process.stdout.write(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000 }));',
  ].join('\n');
  const args = [...(sourceMaps ? [SOURCE_MAPS] : []), '--input-type=module', '-e', script];
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: built.name,
      POWERTOOLS_SERVICE_NAME: built.name,
      POWERTOOLS_METRICS_NAMESPACE: 'JourneyOrchestrator',
    },
  });
  if (result.status !== 0) throw new Error(`import of ${built.file} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Sample;
}

interface Cell {
  built: Built;
  sourceMaps: boolean;
  samples: Sample[];
}

/** Every (bundle, flag) once per round, the order rotated each round so machine noise spreads over all cells. */
function measure(bundles: Built[], runs: number): Cell[] {
  const cells: Cell[] = bundles.flatMap((built) =>
    [false, true].map((sourceMaps) => ({ built, sourceMaps, samples: [] })),
  );
  for (let round = 0; round < runs; round += 1) {
    for (let index = 0; index < cells.length; index += 1) {
      const cell = cells[(index + round * 3) % cells.length] as Cell;
      cell.samples.push(importOnce(cell.built, cell.sourceMaps));
    }
    process.stdout.write(`round ${round + 1}/${runs}\n`);
  }
  return cells;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)] as number;
const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

function stats(samples: Sample[]) {
  const wall = sorted(samples.map((sample) => sample.wallMs));
  return {
    min: wall[0] as number,
    median: median(wall),
    max: wall.at(-1) as number,
    cpuMedian: median(samples.map((sample) => sample.cpuMs)),
  };
}

function report(bundles: Built[], cells: Cell[], runs: number, load: number[]): string {
  const find = (variant: string, name: FunctionName) =>
    bundles.find((built) => built.variant === variant && built.name === name) as Built;
  const cell = (built: Built, sourceMaps: boolean) =>
    cells.find((candidate) => candidate.built === built && candidate.sourceMaps === sourceMaps) as Cell;
  const time = (built: Built, sourceMaps: boolean) => {
    const { min, median: mid, max, cpuMedian } = stats(cell(built, sourceMaps).samples);
    const deployed = built.deployedFlag === sourceMaps ? ' **◀**' : '';
    return `${fmt(min)} / ${fmt(mid)} / ${fmt(max)} (${fmt(cpuMedian)})${deployed}`;
  };
  const lines = [
    `# Lambda bundles ${new Date().toISOString()}`,
    '',
    `Node ${process.versions.node}, ${process.platform}/${process.arch}, load average ${load.map((value) => value.toFixed(1)).join(' ')} at start. ` +
      `Written by \`npm run bench:bundles\` (bench/bundles.ts): each bundle built by the \`JourneyFunction\` construct ` +
      '(CDK running local esbuild), then imported in a fresh `node` process, ' +
      `${runs} runs per cell, interleaved. Not Lambda: another CPU (x64, not arm64), a warm page cache, no init ` +
      'sandbox; compare variants with each other, not with Lambda INIT durations. `sdk-external` resolves the SDK from ' +
      "this project's node_modules (its pinned versions), standing in for the runtime's /var/runtime/node_modules.",
    '',
    ...VARIANTS.map((variant) => `- \`${variant.id}\`: ${variant.what}`),
    '',
    '## Size of index.mjs and of the source map beside it (KB = 1,024 bytes)',
    '',
    `| function | ${VARIANTS.map((variant) => `${variant.id} code | ${variant.id} map`).join(' | ')} | after / before |`,
    `|---|${VARIANTS.map(() => '---:|---:').join('|')}|---:|`,
    ...NAMES.map((name) => {
      const sizes = VARIANTS.map((variant) => {
        const built = find(variant.id, name);
        return `${kb(built.codeBytes)} | ${kb(built.mapBytes)}`;
      });
      const ratio = find('after', name).codeBytes / find('before', name).codeBytes;
      return `| ${name} | ${sizes.join(' | ')} | ${ratio.toFixed(2)} |`;
    }),
    '',
    '## Import time (ms, wall min / median / max, CPU median in brackets; ◀ = the flag as deployed)',
    '',
    '| function | variant | no flag | --enable-source-maps |',
    '|---|---|---:|---:|',
    ...NAMES.flatMap((name) =>
      VARIANTS.map((variant) => {
        const built = find(variant.id, name);
        return `| ${name} | ${variant.id} | ${time(built, false)} | ${time(built, true)} |`;
      }),
    ),
    '',
    '## Largest inputs of the deployed bundle (bytes in output)',
    '',
    ...NAMES.map((name) => {
      const largest = find('after', name).largest.map(([input, bytes]) => `${input} ${kb(bytes)}`);
      return `- ${name}: ${largest.join(', ')}`;
    }),
    '',
  ];
  return lines.join('\n');
}

const runs = Math.max(5, Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 7));
// CDK bundles locally when it finds esbuild on PATH, as `npm run` provides; otherwise it would try Docker.
process.env.PATH = `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`;
const load = loadavg();
const work = mkdtempSync(join(tmpdir(), 'journey-bundles-'));
try {
  const bundles = VARIANTS.flatMap((variant) => build(variant, work));
  for (const built of bundles)
    console.log(`${built.variant} ${built.name}: ${kb(built.codeBytes)} + map ${kb(built.mapBytes)}`);
  const cells = measure(bundles, runs);
  const stamp = new Date().toISOString().slice(0, 10);
  const results = new URL('./results/', import.meta.url);
  mkdirSync(results, { recursive: true });
  const markdown = report(bundles, cells, runs, load);
  writeFileSync(new URL(`bundles-${stamp}.md`, results), markdown);
  const json = {
    date: new Date().toISOString(),
    node: process.versions.node,
    runs,
    loadAverage: load,
    bundling: { before: BEFORE, after: JOURNEY_BUNDLING },
    variants: VARIANTS,
    bundles: bundles.map(({ file: _file, ...built }) => built),
    imports: cells.map((entry) => ({
      variant: entry.built.variant,
      name: entry.built.name,
      sourceMaps: entry.sourceMaps,
      ...stats(entry.samples),
      samples: entry.samples,
    })),
  };
  writeFileSync(new URL(`bundles-${stamp}.json`, results), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\n${markdown}\nwrote bench/results/bundles-${stamp}.md and .json`);
} finally {
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
