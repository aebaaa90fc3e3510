/**
 * The ingest pipeline on the embedded DynamoDB (dynalite on disk) against its floor, side by side: the pipeline is
 * `handleIngestBody` over the local services (customer keys in their own table, as on AWS) for REES46 events; its
 * DynamoDB calls are recorded by a middleware, then the floor sends exactly those calls (same inputs, same item
 * sizes, same order per event, same concurrency) to a fresh embedded DynamoDB without the engine.
 * `node bench/pipeline-floor.ts [--every 18] [--runs 1]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { writeLocalKeys } from '../adapters/crypto/local-keys.ts';
import { DynamoKeyStore } from '../adapters/dynamodb/customer-key-table.ts';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../adapters/dynamodb/embedded-dynamodb.ts';
import { MemorySendLedger } from '../adapters/local/memory-send-ledger.ts';
import { ConsoleTelemetry } from '../cli/local/console-telemetry.ts';
import { localPaths, localServices } from '../cli/local/local-services.ts';
import { replayPolicy } from '../cli/replay/replay-engine.ts';
import type { SourceEvent } from '../cli/replay/sources.ts';
import { CUSTOMER_KEYS_TABLE } from '../core/contracts/table.ts';
import { TooMuchContentionError } from '../core/errors.ts';
import { fnv1a } from '../core/hash.ts';
import { handleIngestBody, type IngestPorts } from '../core/use-cases/handle-ingest-message.ts';
import { registry } from '../journeys/index.ts';
import { type RecordedCall, recordCalls } from './dynamodb-calls.ts';
import { inReplayOrder, rees46Rows } from './engine-input.ts';
import { fmt, throughput } from './measure.ts';

export const KEYS_TABLE = 'journeys-customer-keys';

/** What the pipeline handed to the queues and the bus besides DynamoDB (for the cost model). */
export interface Dispatched {
  deliveryBatches: number;
  deliveries: number;
  outboundEvents: number;
  privacy: number;
  rejected: number;
  /** Events handled again after giving up on a contended customer (as a queue redelivers them). */
  redelivered: number;
}

export interface PipelineRun {
  eventsPerSecond: number;
  calls: RecordedCall[];
  dispatched: Dispatched;
}

async function freshDb(): Promise<{ db: EmbeddedDynamoDb; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-bench-'));
  const db = await startEmbeddedDynamoDb({ path: join(dir, 'dynamodb') });
  const { partitionKey, sortKey } = CUSTOMER_KEYS_TABLE;
  await db.client.send(
    new CreateTableCommand({
      TableName: KEYS_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  await waitUntilTableExists(
    { client: db.client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.5 },
    { TableName: KEYS_TABLE },
  );
  return { db, dir };
}

async function closeDb({ db, dir }: { db: EmbeddedDynamoDb; dir: string }) {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Every event of one customer in `every` of REES46 (with their synthetic profiles, in replay order): a sample of
 * the whole stream, first visits and returns alike (1 in 18: ~250 customers, ~1,500 events).
 */
export async function pipelineInput(every = 18): Promise<SourceEvent[]> {
  const rows = (await rees46Rows()).filter((event) => fnv1a(`sample:${event.detail.customerId}`) % every === 0);
  return inReplayOrder(rows, 42);
}

/**
 * The same events reordered so that no customer appears twice among `window` consecutive events (each customer's
 * own events keep their order): concurrent workers then work on different customers, as SQS consumers mostly do,
 * instead of fighting over one customer's burst of profile and consent events.
 */
export function interleaved(events: readonly SourceEvent[], window: number): SourceEvent[] {
  const left = [...events];
  const out: SourceEvent[] = [];
  const recent: string[] = [];
  while (left.length > 0) {
    const blocked = new Set(recent);
    let pick = 0;
    for (let index = 0; index < Math.min(left.length, 400); index += 1) {
      const customer = String(left[index]?.detail.customerId);
      if (!blocked.has(customer)) {
        pick = index;
        break;
      }
      blocked.add(customer);
      pick = -1;
    }
    const [event] = left.splice(Math.max(pick, 0), 1) as [SourceEvent];
    out.push(event);
    recent.push(String(event.detail.customerId));
    if (recent.length >= window) recent.shift();
  }
  return out;
}

/** Ingests `events` through the real pipeline on a fresh embedded DynamoDB, recording every DynamoDB call. */
/**
 * `lean`: the same calls without the local events file (outbound events counted only) — to show how much of the gap
 * to the floor it makes.
 */
export async function runPipeline(
  events: readonly SourceEvent[],
  concurrency: number,
  options: { lean?: boolean } = {},
): Promise<PipelineRun> {
  const fresh = await freshDb();
  const { db } = fresh;
  const calls: RecordedCall[] = [];
  const { eventScope } = recordCalls(db.client, (call) => calls.push(call));
  const paths = localPaths(fresh.dir);
  await writeLocalKeys(paths.keyring, { contactKey: Buffer.alloc(32, 1), pseudonymKey: Buffer.alloc(32, 2) });
  let now = 0;
  const services = await localServices({
    ...{ paths, db, clock: { now: () => now }, registry, policy: replayPolicy },
    telemetry: new ConsoleTelemetry(() => {}, { quiet: true }),
    ledger: new MemorySendLedger(),
    keyStore: new DynamoKeyStore({ client: db.client, tableName: KEYS_TABLE }),
  });
  const dispatched: Dispatched = {
    ...{ deliveryBatches: 0, deliveries: 0, outboundEvents: 0, privacy: 0, rejected: 0, redelivered: 0 },
  };
  services.events.onEvent(() => {
    dispatched.outboundEvents += 1;
  });
  const base = services.ingest({
    deliveries: {
      send: async (messages) => {
        dispatched.deliveryBatches += Math.ceil(messages.length / 10);
        dispatched.deliveries += messages.length;
      },
    },
    privacy: {
      send: async (messages) => {
        dispatched.privacy += messages.length;
      },
    },
  });
  const ports: IngestPorts = options.lean
    ? {
        ...base,
        events: {
          publish: async (outbound) => {
            dispatched.outboundEvents += outbound.length;
          },
        },
      }
    : base;
  const bodies = events.map((event) => JSON.stringify({ 'detail-type': event.detailType, detail: event.detail }));
  const times = events.map((event) => Date.parse(String(event.detail.occurredAt)));
  const rate = await throughput(events.length, concurrency, async (index) => {
    now = Math.max(now, times[index] as number);
    for (;;) {
      try {
        const result = await eventScope.run(index, () => handleIngestBody(bodies[index] as string, ports));
        if (result.kind === 'rejected') dispatched.rejected += 1;
        return;
      } catch (error) {
        // What the queue would do: the message comes back and is handled again.
        if (!(error instanceof TooMuchContentionError)) throw error;
        dispatched.redelivered += 1;
      }
    }
  });
  await services.events.file.flush();
  await closeDb(fresh);
  return { eventsPerSecond: rate, calls, dispatched };
}

/** One recorded call, sent again as it was. */
function resend(client: DynamoDBClient, call: RecordedCall): Promise<unknown> {
  const input = structuredClone(call.input) as never;
  switch (call.op) {
    case 'GetItem':
      return client.send(new GetItemCommand(input));
    case 'PutItem':
      return client.send(new PutItemCommand(input));
    case 'UpdateItem':
      return client.send(new UpdateItemCommand(input));
    case 'DeleteItem':
      return client.send(new DeleteItemCommand(input));
    case 'BatchWriteItem':
      return client.send(new BatchWriteItemCommand(input));
    case 'Query':
      return client.send(new QueryCommand(input));
    default:
      throw new Error(`The floor cannot send ${call.op}`);
  }
}

/**
 * Sends the recorded calls again, event by event (each event's calls in order), to a fresh embedded DynamoDB, through
 * the same recording middleware as the pipeline (so both carry its overhead); returns events/s and calls made.
 */
export async function runFloor(
  calls: readonly RecordedCall[],
  events: number,
  concurrency: number,
): Promise<{ eventsPerSecond: number; calls: number }> {
  const byEvent: RecordedCall[][] = Array.from({ length: events }, () => []);
  for (const call of calls) if (call.event !== undefined) byEvent[call.event]?.push(call);
  const fresh = await freshDb();
  let made = 0;
  recordCalls(fresh.db.client, () => {
    made += 1;
  });
  const rate = await throughput(events, concurrency, async (index) => {
    for (const call of byEvent[index] ?? []) {
      // A conditional write may fail where the pipeline's succeeded (or the other way) when concurrent events of one
      // customer interleave differently; the call was made all the same.
      await resend(fresh.db.client, call).catch((error) => {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      });
    }
  });
  await closeDb(fresh);
  return { eventsPerSecond: rate, calls: made };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { every: { type: 'string' }, runs: { type: 'string' } } });
  const input = await pipelineInput(Number(values.every ?? 18));
  for (let run = 0; run < Number(values.runs ?? 1); run += 1) {
    for (const concurrency of [1, 16]) {
      const pipeline = await runPipeline(concurrency > 1 ? interleaved(input, concurrency) : input, concurrency);
      const floor = await runFloor(pipeline.calls, input.length, concurrency);
      if (concurrency === 1) {
        const lean = await runPipeline(input, 1, { lean: true });
        console.log(`lean pipeline (no events file): ${fmt(lean.eventsPerSecond)} ev/s`);
      }
      console.log(
        `concurrency ${concurrency}: pipeline ${fmt(pipeline.eventsPerSecond)} ev/s, floor ` +
          `${fmt(floor.eventsPerSecond)} ev/s, ratio ${fmt(pipeline.eventsPerSecond / floor.eventsPerSecond, 2)}, ` +
          `${pipeline.calls.length} DynamoDB calls (floor ${floor.calls})`,
      );
    }
  }
}
