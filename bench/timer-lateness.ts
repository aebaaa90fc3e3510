/**
 * Timer lateness (fire time − due time) of the local runtime with the real clock and its default sweep interval:
 * customers enter a one-timer journey through the PutEvents endpoint, spread over `--spread` seconds; each timer is
 * due `--delay` seconds after entry. When it fires, the journey asks for a message the policy suppresses (no
 * address), so the decision log holds the fire time; the due time is the timer's `fireAt` read before it fired.
 * `node bench/timer-lateness.ts [--customers 240] [--spread 60] [--delay 30]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { setup } from 'xstate';
import { ConsoleTelemetry } from '../cli/local/console-telemetry.ts';
import { startLocalRuntime } from '../cli/local/runtime.ts';
import { uuidFrom } from '../cli/replay/rees46.ts';
import { defineJourney, sendMessage } from '../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../core/journey-runtime/registry.ts';
import { policy } from '../journeys/index.ts';
import { fmt, percentile } from './measure.ts';

export interface LatenessRun {
  timers: number;
  fired: number;
  sweepIntervalSeconds: number;
  /** Seconds late: p50, p90, p99, max. */
  lateness: { p50: number; p90: number; p99: number; max: number };
}

/** One journey, one timer: entered on a product view, asks for a message `delayMs` later. */
function latenessRegistry(delayMs: number): JourneyRegistry {
  const machine = setup({ delays: { wait: delayMs }, actions: { sendMessage } }).createMachine({
    id: 'lateness',
    initial: 'waiting',
    states: {
      waiting: { after: { wait: 'asked' } },
      asked: { entry: { type: 'sendMessage', params: { message: 'ping' } }, type: 'final' },
    },
  });
  const journey = defineJourney({
    id: 'lateness',
    version: 1,
    goal: 'Benchmark: one timer per customer.',
    priority: 1,
    entry: { triggers: ['product.viewed'] },
    messages: { ping: { channels: ['email'], template: 'lateness-ping', category: 'transactional' } },
    onConflict: 'drop',
    machine,
  });
  return new JourneyRegistry([journey]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runTimerLateness(options: { customers: number; spreadSeconds: number; delaySeconds: number }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'journeys-lateness-'));
  const runtime = await startLocalRuntime({
    dataDir,
    port: 0,
    inMemory: true,
    registry: latenessRegistry(options.delaySeconds * 1000),
    policy,
    telemetry: new ConsoleTelemetry(() => {}, { quiet: true }),
  });
  const bus = new EventBridgeClient({
    endpoint: runtime.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const customers = Array.from({ length: options.customers }, (_, index) => `lateness-${index}`);
  const due = new Map<string, number>();
  const started = Date.now();
  for (const [index, customerId] of customers.entries()) {
    await sleep(Math.max(0, started + (index * options.spreadSeconds * 1000) / customers.length - Date.now()));
    const detail = {
      v: 1,
      eventId: uuidFrom(`lateness:${started}:${index}`),
      occurredAt: new Date().toISOString(),
      customerId,
      productId: 'p-1',
    };
    await bus.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'journeys', Source: 'bench', DetailType: 'product.viewed', Detail: JSON.stringify(detail) },
        ],
      }),
    );
    await runtime.drain();
    const pseudonym = await runtime.services.pseudonymOf(customerId);
    const state = await runtime.services.table.load(pseudonym);
    const timer = state.timers.find((each) => each.kind === 'journey');
    if (timer) due.set(pseudonym, Date.parse(timer.fireAt));
  }
  const lastDue = Math.max(...due.values());
  const late: number[] = [];
  const deadline = lastDue + 120_000;
  while (Date.now() < deadline && late.length < due.size) {
    await sleep(2000);
    late.length = 0;
    for (const [pseudonym, dueAt] of due) {
      const decision = (await runtime.services.table.decisions(pseudonym)).find(
        (record) => record.journeyId === 'lateness',
      );
      if (decision) late.push((Date.parse(decision.decidedAt) - dueAt) / 1000);
    }
  }
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
  late.sort((a, b) => a - b);
  return {
    timers: due.size,
    fired: late.length,
    sweepIntervalSeconds: 15,
    lateness: {
      p50: percentile(late, 50),
      p90: percentile(late, 90),
      p99: percentile(late, 99),
      max: late.at(-1) ?? 0,
    },
  } satisfies LatenessRun;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { customers: { type: 'string' }, spread: { type: 'string' }, delay: { type: 'string' } },
  });
  const run = await runTimerLateness({
    customers: Number(values.customers ?? 240),
    spreadSeconds: Number(values.spread ?? 60),
    delaySeconds: Number(values.delay ?? 30),
  });
  const { p50, p90, p99, max } = run.lateness;
  console.log(
    `timer lateness: ${run.fired}/${run.timers} fired, p50 ${fmt(p50, 1)} s, p90 ${fmt(p90, 1)} s, ` +
      `p99 ${fmt(p99, 1)} s, max ${fmt(max, 1)} s (sweep every ${run.sweepIntervalSeconds} s)`,
  );
}
