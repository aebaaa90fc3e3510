import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterEach } from 'vitest';
import type { MailboxLine } from '../../adapters/channels/mailbox-file.ts';
import { ConsoleTelemetry } from '../../cli/local/console-telemetry.ts';
import { type LocalRuntime, startLocalRuntime } from '../../cli/local/runtime.ts';
import { writeTestKeyring } from './test-keyring.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The local runtime for integration tests: a virtual clock, no sweeper interval (tests call `tick()`), the embedded
 * DynamoDB in memory, queue journals in a temporary data dir with a fixed keyring; closed after each test.
 */
export function useLocalRuntime(startAt = '2026-11-23T09:00:00Z') {
  const clock = { ms: Date.parse(startAt), now: () => clock.ms };
  const lines: string[] = [];
  const running: LocalRuntime[] = [];
  afterEach(async () => {
    for (const runtime of running.splice(0)) await runtime.close();
    clock.ms = Date.parse(startAt);
    lines.length = 0;
  });
  const start = async (dataDir?: string): Promise<LocalRuntime> => {
    const runtime = await startLocalRuntime({
      dataDir: dataDir ?? (await newDataDir()),
      port: 0,
      clock,
      sweepIntervalMs: 0,
      telemetry: new ConsoleTelemetry((line) => lines.push(line)),
      retryDelayMs: () => 1,
    });
    running.push(runtime);
    return runtime;
  };
  const stop = async (runtime: LocalRuntime) => {
    await runtime.close();
    running.splice(running.indexOf(runtime), 1);
  };
  const entry = (detailType: string, customerId: string, payload: Record<string, unknown> = {}) =>
    ({
      EventBusName: 'journeys',
      Source: 'shop.web',
      DetailType: detailType,
      Detail: JSON.stringify({
        v: 1,
        eventId: randomUUID(),
        occurredAt: new Date(clock.ms).toISOString(),
        customerId,
        ...payload,
      }),
    }) satisfies PutEventsRequestEntry;
  return { clock, lines, start, stop, entry };
}

export const newDataDir = () => writeTestKeyring(mkdtempSync(join(tmpdir(), 'journeys-')));

export async function publish(runtime: LocalRuntime, entries: PutEventsRequestEntry[]) {
  const bus = new EventBridgeClient({ endpoint: runtime.endpoint, region: 'local', credentials });
  const result = await bus.send(new PutEventsCommand({ Entries: entries }));
  await runtime.drain();
  bus.destroy();
  return result;
}

const jsonLines = <T>(path: string): T[] =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as T)
    : [];

export const mailbox = (runtime: LocalRuntime) => jsonLines<MailboxLine>(runtime.paths.mailbox);
export const rejected = (runtime: LocalRuntime) =>
  jsonLines<{ reason: string; detailType?: string; issues: Array<{ field: string; rule: string }>; raw: unknown }>(
    runtime.paths.rejected,
  );

/** Overrides fields of an entry's detail (e.g. its occurredAt or eventId). */
export function withDetail(entry: PutEventsRequestEntry, changes: Record<string, unknown>): PutEventsRequestEntry {
  return { ...entry, Detail: JSON.stringify({ ...JSON.parse(entry.Detail ?? '{}'), ...changes }) };
}
