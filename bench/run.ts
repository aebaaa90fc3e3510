/**
 * `npm run bench`: every measure of bench/README.md in one run (25–40 minutes on this shared 2-core machine;
 * `--quick` 6–9), side by side, written to bench/results/<date>.md and .json; the table in bench/README.md is
 * rewritten from a complete run.
 * `npm run bench -- [--only engine,ingest,pipeline,delivery,replay,cost,kms,timers,bundles] [--skip …] [--quick]`
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { ReplaySummary } from '../cli/replay/replay-stats.ts';
import { runBundles } from './bundle-summary.ts';
import { summariseCalls } from './call-summary.ts';
import { type CostModel, costModel, type MixCounts } from './cost-model.ts';
import { runDelivery } from './delivery.ts';
import { engineInput, runEngine } from './engine.ts';
import { contactSizeDifference, ingestInput, runIngest, type VaultKind } from './ingest.ts';
import { breakEvenRate, coldStartReads, kmsAtRate } from './kms-model.ts';
import { fmt, spread } from './measure.ts';
import { interleaved, pipelineInput, runFloor, runPipeline } from './pipeline-floor.ts';
import { replayView, runReplay } from './replay-runs.ts';
import { previousDigests, type Results, writeResults } from './results.ts';
import { DEFAULT_MIX, ensureSyntheticMix } from './synthetic-mix.ts';
import { runTimerLateness } from './timer-lateness.ts';

const MEASURES = ['engine', 'ingest', 'pipeline', 'delivery', 'replay', 'cost', 'kms', 'timers', 'bundles'] as const;
type Measure = (typeof MEASURES)[number];
/** What a measure needs measured first. */
const NEEDS: Partial<Record<Measure, Measure[]>> = {
  cost: ['ingest', 'pipeline', 'delivery', 'replay'],
  kms: ['cost'],
};

const { values } = parseArgs({
  options: { only: { type: 'string' }, skip: { type: 'string' }, quick: { type: 'boolean', default: false } },
});
const list = (text: string | undefined) => (text ? text.split(',').map((each) => each.trim()) : []);
const wanted = new Set<Measure>(values.only ? (list(values.only) as Measure[]) : MEASURES);
for (const measure of list(values.skip)) wanted.delete(measure as Measure);
for (const measure of [...wanted]) for (const need of NEEDS[measure] ?? []) wanted.add(need);
for (const measure of [...wanted]) for (const need of NEEDS[measure] ?? []) wanted.add(need);
const quick = values.quick;
const complete = MEASURES.every((measure) => wanted.has(measure)) && !quick;
const repeats = quick ? 1 : 3;

const results: Results = {
  startedAt: new Date().toISOString(),
  node: process.versions.node,
  machine: `${process.platform}/${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
  load: [loadavg()[0] ?? 0],
  quick,
};
const began = performance.now();
const step = (name: string) => console.log(`\n▶ ${name} (${fmt((performance.now() - began) / 1000)} s)`);

if (wanted.has('engine')) {
  step('pure engine');
  const previous = previousDigests();
  for (const input of ['rees46', 'synthetic'] as const) {
    const events = await engineInput(quick ? 50_000 : 218_000, input);
    const runs = Array.from({ length: input === 'rees46' ? repeats : 1 }, () => runEngine(events));
    const digests = new Set(runs.map((run) => run.digest));
    const run = { events: events.length, rates: spread(runs.map((each) => each.eventsPerSecond)), ...runs[0] };
    results.engine = { ...results.engine, [input]: { ...run, stable: digests.size === 1 } };
    const was = previous?.[input];
    console.log(
      `${input}: ${run.rates.map((rate) => fmt(rate)).join(' / ')} ev/s, digest ${run.digest}` +
        (was && !quick ? (was === run.digest ? ' (unchanged)' : ` (CHANGED from ${was})`) : ''),
    );
  }
}

if (wanted.has('ingest')) {
  step('ingest use case, in-memory ports');
  const input = await ingestInput(quick ? 10_000 : 40_000);
  results.ingest = { events: input.length };
  for (const vault of ['deployed', 'replay'] as VaultKind[]) {
    const runs = [];
    for (let run = 0; run < repeats; run += 1) runs.push(await runIngest(input, vault));
    const entry = { rates: spread(runs.map((run) => run.eventsPerSecond)), ...(runs[0] as (typeof runs)[0]) };
    results.ingest[vault] = entry;
    console.log(`${vault} vault: ${entry.rates.map((rate) => fmt(rate)).join(' / ')} ev/s, ${entry.digest}`);
  }
}

if (wanted.has('pipeline')) {
  step('pipeline vs its DynamoDB floor (dynalite on disk)');
  const input = await pipelineInput(quick ? 54 : 18);
  const ratios: Record<'1' | '16', number[]> = { '1': [], '16': [] };
  const rates: Record<string, number[]> = { pipeline1: [], floor1: [], lean1: [], pipeline16: [], floor16: [] };
  for (let rep = 0; rep < repeats; rep += 1) {
    for (const concurrency of [1, 16] as const) {
      const events = concurrency > 1 ? interleaved(input, concurrency) : input;
      const pipeline = await runPipeline(events, concurrency);
      if (concurrency === 1) rates.lean1?.push((await runPipeline(events, 1, { lean: true })).eventsPerSecond);
      const floor = await runFloor(pipeline.calls, events.length, concurrency);
      ratios[`${concurrency}`].push(pipeline.eventsPerSecond / floor.eventsPerSecond);
      rates[`pipeline${concurrency}`]?.push(pipeline.eventsPerSecond);
      rates[`floor${concurrency}`]?.push(floor.eventsPerSecond);
      if (rep === 0 && concurrency === 1) {
        results.dynamodb = summariseCalls(
          pipeline.calls,
          events.map((event) => event.detailType),
        );
        results.dispatched = { events: events.length, ...pipeline.dispatched };
      }
      console.log(`c${concurrency}: ratio ${fmt(pipeline.eventsPerSecond / floor.eventsPerSecond, 2)}`);
    }
  }
  results.pipeline = {
    events: input.length,
    ratio1: spread(ratios['1']),
    ratio16: spread(ratios['16']),
    rates: Object.fromEntries(Object.entries(rates).map(([name, each]) => [name, spread(each)])),
  };
}

if (wanted.has('delivery')) {
  step('delivery use case (RSA-wrapped customer keys, as deployed)');
  results.delivery = await runDelivery(quick ? 300 : 1000);
  console.log(`${fmt(results.delivery.cpuMicrosPerMessage)} µs CPU per message`);
}

const replays: Record<string, ReplaySummary> = {};
if (wanted.has('replay')) {
  step('replay of REES46 (npm run replay, memory store)');
  const runs: ReplaySummary[] = [];
  for (let run = 0; run < repeats; run += 1) runs.push(await runReplay([]));
  replays.rees46 = runs[0] as ReplaySummary;
  step('replay of the synthetic mix (1M events, 100k customers, memory store)');
  const path = await ensureSyntheticMix(DEFAULT_MIX);
  const synthetic = await runReplay([path, '--profiles', 'synthetic', ...(quick ? ['--limit', '30000'] : [])]);
  replays.synthetic = synthetic;
  step('replay of REES46 in the embedded DynamoDB (--store dynamodb, first rows, 1-day drain)');
  const dynamodb = await runReplay(['--store', 'dynamodb', '--limit', quick ? '500' : '2000', '--drain', '1d']);
  const rees46 = { ...replayView(replays.rees46), rates: spread(runs.map((each) => each.timing.eventsPerSecond)) };
  const embedded = { ...replayView(dynamodb), rates: spread([dynamodb.timing.eventsPerSecond]) };
  results.replay = {
    rees46,
    synthetic: { ...replayView(synthetic), rates: spread([synthetic.timing.eventsPerSecond]) },
    dynamodb: embedded,
  };
  console.log(
    `REES46 ${fmt(rees46.rates[1])} ev/s, synthetic ${fmt(synthetic.timing.eventsPerSecond)} ev/s, ` +
      `dynamodb ${fmt(embedded.rates[1])} ev/s (peak ${embedded.peakRssMb} MB)`,
  );
}

if (wanted.has('cost') && results.ingest && results.delivery && results.dynamodb && replays.rees46) {
  step('cost model');
  const measured = {
    ingestCpuMicrosPerEvent: results.ingest.deployed?.cpuMicrosPerEvent ?? 0,
    deliverCpuMicrosPerMessage: results.delivery.cpuMicrosPerMessage,
    indexWritesPerSave: results.dynamodb.indexWritesPerCustomerWrite,
    contactSizeDifference: await contactSizeDifference(),
  };
  const mixes: MixCounts[] = Object.entries(replays).map(([name, summary]) => ({
    name: name === 'rees46' ? 'REES46' : 'synthetic mix',
    events: summary.ports?.ingest.messages ?? 0,
    ingest: summary.ports?.ingest ?? ({} as never),
    deliver: summary.ports?.deliver ?? ({} as never),
  }));
  const models: CostModel[] = mixes.map((mix) => costModel(mix, measured));
  results.cost = { mixes, measured, models };
  for (const model of models)
    console.log(`${model.mix}: $${model.allInPerMillionEvents.toFixed(2)} per million events`);
}

if (wanted.has('kms')) {
  step('KMS calls per 10k events (modelled per cold start and per time)');
  const reads = coldStartReads(new URL('./results/', import.meta.url));
  const model = results.cost?.models[0];
  const work = {
    secondsPerEvent: model
      ? (model.perMillionEvents.find((item) => item.unit === 'GB-s')?.quantity ?? 0) / 0.5 / 1e6
      : 0.03,
    secondsPerMessage: model
      ? (model.perMillionMessages.find((item) => item.unit === 'GB-s')?.quantity ?? 0) / 0.5 / 1e6
      : 0.1,
    messagesPerEvent: model?.messagesPerEvent ?? 0.2,
  };
  results.kms = {
    reads,
    work,
    rates: [1, 10, 100, 1000].map((rate) => kmsAtRate(reads, rate, work)),
    breakEven: breakEvenRate(10),
  };
}

if (wanted.has('timers')) {
  step('timer lateness, local runtime, real clock');
  results.timers = await runTimerLateness(
    quick
      ? { customers: 60, spreadSeconds: 20, delaySeconds: 20 }
      : { customers: 240, spreadSeconds: 60, delaySeconds: 30 },
  );
  console.log(`p99 ${fmt(results.timers.lateness.p99, 1)} s`);
}

if (wanted.has('bundles')) {
  step('Lambda bundles: size and import time (bench/bundles.ts)');
  results.bundles = await runBundles(5);
  for (const each of results.bundles.functions)
    console.log(`${each.name}: ${fmt(each.codeKb)} KB, ${fmt(each.importMs[1])} ms`);
}

results.load.push(loadavg()[0] ?? 0);
results.seconds = (performance.now() - began) / 1000;
const written = writeResults(results, { updateReadme: complete });
console.log(`\n${written.table}\n\nwrote ${written.files.join(', ')} in ${fmt(results.seconds)} s`);
