import { QueuePorts } from '../../adapters/aws/sqs-queues.ts';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../adapters/local/embedded-dynamodb.ts';
import { JsonLinesFile } from '../../adapters/local/json-lines.ts';
import { LocalQueue } from '../../adapters/local/local-queue.ts';
import { type BusEvent, startPutEventsEndpoint } from '../../adapters/local/put-events-endpoint.ts';
import type { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import type { PolicyConfig } from '../../core/policy/config.ts';
import type { Clock } from '../../core/ports/messaging.ts';
import { routeTable } from '../../core/routes.ts';
import { type SweepResult, sweepDueTimers } from '../../core/use-cases/sweep-due-timers.ts';
import { deliver, parseDeliveryRequest } from '../../functions/app/deliver-service.ts';
import { ingestMessage } from '../../functions/app/ingest-service.ts';
import { handlePrivacyMessage } from '../../functions/app/privacy-service.ts';
import type { Telemetry } from '../../functions/app/telemetry.ts';
import { policy as housePolicy, registry as houseRegistry } from '../../journeys/index.ts';
import { type LocalPaths, type LocalServices, localPaths, localServices } from './local-services.ts';

export interface LocalRuntimeOptions {
  dataDir: string;
  /** PutEvents endpoint port on 127.0.0.1 (default 4010; 0 = any free port). */
  port?: number;
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
 * The embedded default: dynalite, the local keyring, a PutEvents endpoint, in-process queues with redrive, the
 * sweeper on an interval, delivery to the outbox file — the same route table and application services as the Lambdas.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const paths = localPaths(options.dataDir);
  const clock = options.clock ?? { now: () => Date.now() };
  const registry = options.registry ?? houseRegistry;
  const policy = options.policy ?? housePolicy;
  const telemetry = options.telemetry;
  const busName = options.busName ?? 'journeys';
  const db: EmbeddedDynamoDb = await startEmbeddedDynamoDb(options.inMemory ? {} : { path: paths.dynamodb });
  const services = await localServices({ paths, db, clock, registry, policy, telemetry });
  const deadLetters = new JsonLinesFile(paths.deadLetters);
  const queue = (name: string, handler: (body: string) => Promise<unknown>) =>
    new LocalQueue({
      name,
      handler: async (body) => void (await handler(body)),
      ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
      deadLetter: async (body, error) => {
        telemetry.error('message dead-lettered', { queue: name, error: (error as Error).message });
        await deadLetters.append({ queue: name, at: new Date(clock.now()).toISOString(), error: String(error), body });
      },
    });
  const delivery = queue('delivery', (body) => deliver(parseDeliveryRequest(body), services.deliver));
  const privacy = queue('privacy', (body) => handlePrivacyMessage(body, services.privacy));
  const erasures = new QueuePorts(privacy, () => clock.now());
  const ingestDeps = services.ingest({ deliveries: new QueuePorts(delivery, () => clock.now()), erasures });
  const ingest = queue('ingest', (body) => ingestMessage(body, ingestDeps));
  const routes = routeTable(registry);
  const ingestTypes = new Set<string>(routes.ingest);
  const privacyTypes = new Set<string>(routes.privacy);

  const route = async (events: BusEvent[]) => {
    for (const event of events) {
      const type = event['detail-type'];
      if (ingestTypes.has(type)) await ingest.sendBodies([JSON.stringify(event)]);
      else if (privacyTypes.has(type)) await privacy.sendBodies([JSON.stringify(event)]);
      else telemetry.warn('no rule matches this detail-type; the event is dropped as EventBridge would', { type });
    }
  };
  const { url, server } = await startPutEventsEndpoint({
    port: options.port ?? 4010,
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
  const timers = new QueuePorts(ingest, () => clock.now());
  const tick = async () => {
    const result = await sweepDueTimers({ wakeIndex: services.table, timers, clock });
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
      await sweeping;
      await drain();
      for (const each of queues) await each.close();
      await services.events.file.flush();
      await db.close();
    },
  };
}
