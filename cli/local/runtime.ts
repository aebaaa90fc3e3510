import { join } from 'node:path';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { DurableQueue } from '../../adapters/local/durable-queue.ts';
import { JsonLinesFile } from '../../adapters/local/json-lines.ts';
import { type BusEvent, startPutEventsEndpoint } from '../../adapters/local/put-events-endpoint.ts';
import { startUnsubscribeEndpoint } from '../../adapters/local/unsubscribe-endpoint.ts';
import { redactIdentifiers } from '../../core/content/redaction.ts';
import type { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import {
  deliveryCodec,
  type IngestMessage,
  ingestCodec,
  type PrivacyMessage,
  privacyCodec,
  type QueueCodec,
} from '../../core/messages/queue-messages.ts';
import type { PolicyConfig } from '../../core/policy/config.ts';
import type { Clock } from '../../core/ports/messaging.ts';
import type { Telemetry } from '../../core/ports/telemetry.ts';
import { ingestRouter, routeTable } from '../../core/routes.ts';
import { handleDeliveryBody } from '../../core/use-cases/handle-delivery.ts';
import { handleIngestBody } from '../../core/use-cases/handle-ingest-message.ts';
import { handlePrivacyBody } from '../../core/use-cases/handle-privacy-message.ts';
import { handleSweep, type SweepResult } from '../../core/use-cases/handle-sweep.ts';
import {
  handleUnsubscribeRequest,
  type UnsubscribePorts,
  type UnsubscribeRequest,
} from '../../core/use-cases/handle-unsubscribe.ts';
import { policy as housePolicy, registry as houseRegistry } from '../../journeys/index.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { type LocalPaths, type LocalServices, localPaths, localServices } from './local-services.ts';

export interface LocalRuntimeOptions {
  dataDir: string;
  /** PutEvents endpoint port on 127.0.0.1 (default 4010; 0 = any free port). */
  port?: number;
  /** One-click unsubscribe endpoint port on 127.0.0.1 (default: `port + 1`, or any free port when `port` is 0). */
  unsubscribePort?: number;
  busName?: string;
  clock?: Clock;
  /** How often the sweeper runs (default 15 s); 0 = only when `tick()` is called. */
  sweepIntervalMs?: number;
  /** Keep the embedded DynamoDB in memory instead of under `dataDir` (tests). */
  inMemory?: boolean;
  telemetry: Telemetry;
  registry?: JourneyRegistry;
  policy?: PolicyConfig;
  retryDelayMs?: (attempt: number) => number;
}

export interface LocalRuntime {
  endpoint: string;
  /** The one-click unsubscribe endpoint promotional email links to. */
  unsubscribeEndpoint: string;
  dynamoEndpoint: string;
  tableName: string;
  paths: LocalPaths;
  services: LocalServices;
  busName: string;
  keyringCreated: boolean;
  /** Runs the sweeper once (enqueues due timers) and waits until every queue is empty. */
  tick(): Promise<SweepResult>;
  /** Waits until the ingest, delivery and privacy queues are empty. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded default: dynalite, the local keyring, a PutEvents endpoint, durable queues with redrive (journals
 * under `<data-dir>/queues`), the sweeper on an interval, delivery to the mailbox file — the same route table and
 * use cases as the Lambdas. One process per data directory (`DataDirInUseError` otherwise).
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const paths = localPaths(options.dataDir);
  const clock = options.clock ?? { now: () => Date.now() };
  const registry = options.registry ?? houseRegistry;
  const policy = options.policy ?? housePolicy;
  const telemetry = options.telemetry;
  const busName = options.busName ?? 'journeys';
  const unlock = lockDataDir(options.dataDir);
  const db: EmbeddedDynamoDb = await startEmbeddedDynamoDb(options.inMemory ? {} : { path: paths.dynamodb }).catch(
    (error) => {
      unlock();
      throw error;
    },
  );
  // The endpoint listens first so delivery knows the links' address; it answers 503 until the ingest queue is open.
  let unsubscribePorts: UnsubscribePorts | undefined;
  const port = options.port ?? 4010;
  const unsubscribe = await startUnsubscribeEndpoint({
    port: options.unsubscribePort ?? (port === 0 ? 0 : port + 1),
    handle: async (request: UnsubscribeRequest) =>
      unsubscribePorts
        ? handleUnsubscribeRequest(request, unsubscribePorts)
        : { status: 503, headers: { 'retry-after': '5' }, body: 'Starting' },
  }).catch(async (error) => {
    await db.close();
    unlock();
    throw error;
  });
  const services = await localServices({
    paths,
    db,
    clock,
    registry,
    policy,
    telemetry,
    unsubscribeUrl: unsubscribe.url,
  });
  const deadLetters = new JsonLinesFile(paths.deadLetters);
  const queue = <T>(codec: QueueCodec<T>, handler: (body: string) => Promise<unknown>) =>
    DurableQueue.open<T>({
      path: join(paths.queues, `${codec.queue}.journal`),
      codec,
      handler: async (body) => void (await handler(body)),
      ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
      deadLetter: async (body, error) => {
        telemetry.error('message dead-lettered', { queue: codec.queue, error: (error as Error).message });
        await deadLetters.append({
          queue: codec.queue,
          at: new Date(clock.now()).toISOString(),
          error: String(error),
          body: redactIdentifiers(body),
        });
      },
    });
  const delivery = await queue(deliveryCodec, (body) => handleDeliveryBody(body, services.deliver));
  const privacy = await queue<PrivacyMessage>(privacyCodec, (body) => handlePrivacyBody(body, services.privacy));
  const ingestPorts = services.ingest({ deliveries: delivery, privacy });
  const ingest = await queue<IngestMessage>(ingestCodec, (body) => handleIngestBody(body, ingestPorts));
  const reachesIngest = ingestRouter(routeTable(registry));
  unsubscribePorts = services.unsubscribe(ingest);

  /** All events of one request reach the ingest journal before the request is acknowledged. */
  const route = async (events: BusEvent[]) => {
    const toIngest: IngestMessage[] = [];
    for (const event of events) {
      const type = event['detail-type'];
      const message = { kind: 'customer-event' as const, detailType: type, source: event.source, detail: event.detail };
      if (reachesIngest({ ...event })) toIngest.push(message);
      else telemetry.warn('no rule matches this event; it is dropped as EventBridge would', { type });
    }
    await ingest.send(toIngest);
  };
  const { url, server } = await startPutEventsEndpoint({
    port,
    busName,
    onEvents: route,
    onOtherBus: (bus, count) =>
      telemetry.warn(`accepted ${count} event(s) for bus "${bus}"; the orchestrator listens on "${busName}"`, {}),
    now: () => clock.now(),
  });

  const queues = [ingest, delivery, privacy];
  const drain = async () => {
    while (queues.some((each) => each.depth > 0)) for (const each of queues) await each.drain();
    for (const each of queues) await each.drain();
  };
  const recent = new Map<string, number>();
  const tick = async () => {
    const result = await handleSweep({ wakeIndex: services.table, ingest, clock }, { recent });
    await drain();
    return result;
  };
  let sweeping: Promise<unknown> = Promise.resolve();
  const interval =
    (options.sweepIntervalMs ?? 15_000) > 0
      ? setInterval(() => {
          sweeping = sweeping.then(tick).catch((error) => telemetry.error('sweep failed', { error: String(error) }));
        }, options.sweepIntervalMs ?? 15_000)
      : undefined;

  return {
    endpoint: url,
    unsubscribeEndpoint: unsubscribe.url,
    dynamoEndpoint: db.endpoint,
    tableName: db.tableName,
    paths,
    services,
    busName,
    keyringCreated: services.keyringCreated,
    tick,
    drain,
    close: async () => {
      if (interval) clearInterval(interval);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => unsubscribe.server.close(() => resolve()));
      await sweeping;
      await drain();
      for (const each of queues) await each.close();
      await services.events.file.flush();
      await db.close();
      unlock();
    },
  };
}
