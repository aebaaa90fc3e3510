/**
 * Which project files and functions one `order.placed` touches on its way from the local PutEvents endpoint to the
 * mailbox: V8 precise coverage (call counts) around a single event, project files only. `node bench/trace-one-event.ts`
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { writeLocalKeys } from '../adapters/crypto/local-keys.ts';
import { DynamoCustomerTable } from '../adapters/dynamodb/customer-table.ts';
import { ConsoleTelemetry } from '../cli/local/console-telemetry.ts';
import { startLocalRuntime } from '../cli/local/runtime.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'journeys-trace-'));
await writeLocalKeys(join(dataDir, 'keyring.json'), {
  contactKey: Buffer.alloc(32, 1),
  pseudonymKey: Buffer.alloc(32, 2),
});
const runtime = await startLocalRuntime({
  dataDir,
  port: 0,
  inMemory: true,
  sweepIntervalMs: 0,
  telemetry: new ConsoleTelemetry(() => {}),
});
const bus = new EventBridgeClient({
  endpoint: runtime.endpoint,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const entry = (detailType: string, payload: Record<string, unknown>) => ({
  EventBusName: 'journeys',
  Source: 'shop.web',
  DetailType: detailType,
  Detail: JSON.stringify({
    v: 1,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    customerId: 'c-1',
    ...payload,
  }),
});
const order = () =>
  entry('order.placed', {
    orderId: randomUUID(),
    total: 10,
    currency: 'EUR',
    items: [{ productId: 'p', quantity: 1, price: 10 }],
  });

// The call chain from the endpoint to each effect: project frames on the (async) stack when the effect happens.
Error.stackTraceLimit = Number.POSITIVE_INFINITY;
const chains = new Map<string, string[]>();
let tracing = false;
const capture = (effect: string) => {
  if (!tracing || chains.has(effect)) return;
  const frames = (new Error().stack ?? '').split('\n').slice(2);
  const project = frames
    .map((line) => /\((file:\/\/[^)]+)\)|at (?:async )?(file:\/\/\S+)/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => relative(root, fileURLToPath((match[1] ?? match[2] ?? '').replace(/:\d+:\d+$/, ''))))
    .filter((path) => !path.startsWith('..') && !path.includes('node_modules') && !path.startsWith('bench/'));
  chains.set(effect, project);
};
const save = DynamoCustomerTable.prototype.save;
DynamoCustomerTable.prototype.save = function (...args) {
  capture('customer item written');
  return save.apply(this, args);
};
const mailbox = await import('../adapters/channels/mailbox-file.ts').catch(() => undefined);
if (mailbox) {
  const write = mailbox.MailboxFile.prototype.write;
  mailbox.MailboxFile.prototype.write = function (...args) {
    capture('message in the mailbox');
    return write.apply(this, args);
  };
}

// Warm-up: the profile, and one order so lazy wiring and module loading are out of the measured path.
await bus.send(
  new PutEventsCommand({ Entries: [entry('customer.profile_updated', { contact: { email: 'a@example.com' } })] }),
);
await bus.send(new PutEventsCommand({ Entries: [order()] }));
await runtime.drain();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
await session.post('Profiler.takePreciseCoverage');
tracing = true;
await bus.send(new PutEventsCommand({ Entries: [order()] }));
await runtime.drain();
const { result } = await session.post('Profiler.takePreciseCoverage');
await session.post('Profiler.stopPreciseCoverage');
await runtime.close();

const files = new Map<string, number>();
for (const script of result) {
  if (!script.url.startsWith('file://')) continue;
  const path = relative(root, fileURLToPath(script.url));
  if (path.startsWith('..') || path.includes('node_modules') || path.startsWith('bench/')) continue;
  const called = script.functions.filter((fn) => fn.functionName !== '' && (fn.ranges[0]?.count ?? 0) > 0).length;
  if (called > 0) files.set(path, called);
}
const sorted = [...files].sort(([a], [b]) => a.localeCompare(b));
for (const [path, count] of sorted) console.log(`${String(count).padStart(4)}  ${path}`);
console.log(`\n${files.size} project files, ${[...files.values()].reduce((a, b) => a + b, 0)} named functions called`);
for (const [effect, frames] of chains) {
  console.log(`\n${effect}: ${frames.length} project frames in ${new Set(frames).size} files on the call chain`);
  console.log(frames.map((frame) => `  ${frame}`).join('\n'));
}
