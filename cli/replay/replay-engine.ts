import { AsyncLocalStorage } from 'node:async_hooks';
import type { EmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { type CustomerState, wakeAt } from '../../core/customer/state.ts';
import type { JourneyLifecycles } from '../../core/journey-runtime/lifecycle.ts';
import type { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { IngestMessage } from '../../core/messages/queue-messages.ts';
import type { CustomerStore } from '../../core/ports/store.ts';
import { days, toMs } from '../../core/time.ts';
import { type DeliveryPorts, handleDelivery } from '../../core/use-cases/handle-delivery.ts';
import {
  handleIngestMessage,
  type IngestPorts,
  type IngestResult,
} from '../../core/use-cases/handle-ingest-message.ts';
import { policy, registry } from '../../journeys/index.ts';
import type { ConsoleTelemetry } from '../local/console-telemetry.ts';
import type { LocalPaths } from '../local/local-services.ts';
import { CustomerScheduler } from './customer-scheduler.ts';
import type { EngagementSimulator } from './engagement-simulator.ts';
import { counting, noPortCalls } from './port-counter.ts';
import { memoryReplayServices, type ReplayServices, type ReplayStore } from './replay-services.ts';
import { ReplayStats } from './replay-stats.ts';
import type { SourceEvent } from './sources.ts';
import { WakeHeap } from './wake-heap.ts';

/**
 * Drives the real pipeline (ingest → policy → outbox → deliver) on a virtual clock: each event is processed at its
 * own time, and every customer's timers fire at their exact due time before anything later happens to them.
 * With concurrency 1 every event is handled to the end before the next (no scheduler, the clock is a variable);
 * above 1, customers run concurrently, each in order, and the clock follows each task (AsyncLocalStorage).
 */
export class ReplayEngine {
  readonly #services: ReplayServices;
  readonly #stats: ReplayStats;
  readonly #scheduler: CustomerScheduler | undefined;
  /** Each customer's next wake time, and the customers not yet handed to their chain, earliest first. */
  readonly #wake = new Map<string, number>();
  readonly #heap = new WakeHeap();
  readonly #ingestPorts: IngestPorts;
  readonly #deliveryPorts: DeliveryPorts;
  #watermark = 0;
  /** The virtual time of the work in progress, so every component (outbox, audit, events) sees the same clock. */
  #current: number | undefined;
  readonly #taskTime = new AsyncLocalStorage<number>();
  /** What ingest and delivery asked of their ports (customer events and timers in `ingest.messages` / `timers`). */
  readonly portCalls = { ingest: noPortCalls(), deliver: noPortCalls() };
  /** Set by `--simulate-engagement`: draws what channels would report about each message sent. */
  engagement: EngagementSimulator | undefined;
  readonly clock = {
    now: () => (this.#scheduler ? this.#taskTime.getStore() : this.#current) ?? this.#watermark,
  };

  constructor(services: ReplayServices, stats: ReplayStats, concurrency: number) {
    this.#services = services;
    this.#stats = stats;
    this.#scheduler = concurrency > 1 ? new CustomerScheduler(concurrency) : undefined;
    const table = services.store;
    const store: CustomerStore = {
      load: (pseudonym) => table.load(pseudonym),
      save: async (state: CustomerState, expected: number) => this.#tracked(await table.save(state, expected)),
      clearOutbox: (pseudonym, expected) => table.clearOutbox(pseudonym, expected),
    };
    const deliveries = { send: (messages: readonly DeliveryRequest[]) => this.#deliver(messages) };
    const privacy = { send: async () => {} };
    const [ingest, deliver] = [this.portCalls.ingest, this.portCalls.deliver];
    const base = services.ingest({
      deliveries: counting.queue(deliveries, ingest, 'deliveries'),
      privacy: counting.queue(privacy, ingest, 'privacy'),
    });
    this.#ingestPorts = {
      ...base,
      ...{ store: counting.store(store, ingest), decisionLog: counting.log(base.decisionLog, ingest) },
      ...{ events: counting.events(base.events, ingest), rejected: counting.queue(base.rejected, ingest, 'rejected') },
      ...{ vault: counting.vault(base.vault, ingest), clock: this.clock },
    };
    const ports = services.deliver;
    this.#deliveryPorts = {
      ...ports,
      ...{ store: counting.store(ports.store, deliver), decisionLog: counting.log(ports.decisionLog, deliver) },
      ...{ events: counting.events(ports.events, deliver), vault: counting.vault(ports.vault, deliver) },
      ...{ ledger: counting.ledger(ports.ledger, deliver), clock: this.clock },
    };
  }

  get virtualNow(): number {
    return this.#watermark;
  }

  #tracked(state: CustomerState): CustomerState {
    const due = wakeAt(state);
    if (due === undefined) {
      this.#wake.delete(state.pseudonym);
      this.#heap.delete(state.pseudonym);
    } else {
      const time = toMs(due);
      this.#wake.set(state.pseudonym, time);
      this.#heap.set(state.pseudonym, time);
    }
    return state;
  }

  /** Runs `work` at virtual time `time`: every clock read inside it answers `time`. */
  async #at<T>(time: number, work: () => Promise<T>): Promise<T> {
    if (this.#scheduler) return this.#taskTime.run(time, work);
    const previous = this.#current;
    this.#current = time;
    try {
      return await work();
    } finally {
      this.#current = previous;
    }
  }

  /** Deliveries are sent at once, in process, at their decision time. */
  async #deliver(messages: readonly DeliveryRequest[]): Promise<void> {
    for (const message of messages) {
      this.portCalls.deliver.messages += 1;
      const outcome = await this.#at(toMs(message.decidedAt), () => handleDelivery(message, this.#deliveryPorts));
      if (outcome.status !== 'sent') continue;
      this.#stats.sent(message);
      this.engagement?.sent(message, toMs(message.decidedAt));
    }
  }

  #ingest(message: IngestMessage, now: number): Promise<IngestResult> {
    if (message.kind === 'timer-due') this.portCalls.ingest.timers += 1;
    else this.portCalls.ingest.messages += 1;
    return this.#at(now, () => handleIngestMessage(message, this.#ingestPorts));
  }

  /** Runs the customer's work now (concurrency 1) or queues it after the customer's earlier work. */
  #schedule(pseudonym: string, task: () => Promise<void>): Promise<void> {
    return this.#scheduler ? this.#scheduler.schedule(pseudonym, task) : task();
  }

  /** Fires the customer's timers due up to `until`, each at its own due time. */
  async #fireUpTo(pseudonym: string, until: number): Promise<void> {
    for (let due = this.#wake.get(pseudonym); due !== undefined && due <= until; ) {
      const dueAt = due;
      await this.#ingest({ kind: 'timer-due', pseudonym }, dueAt);
      due = this.#wake.get(pseudonym);
      if (due === dueAt) break;
    }
  }

  /** Hands customers whose earliest timer is due by `until` to their chains. */
  async #releaseTimers(until: number): Promise<void> {
    for (let time = this.#heap.peek(); time !== undefined && time <= until; time = this.#heap.peek()) {
      const [, pseudonym] = this.#heap.pop() as [number, string];
      await this.#schedule(pseudonym, () => this.#fireUpTo(pseudonym, until));
    }
  }

  /** Processes one event at max(its time, the virtual clock); the customer's earlier timers fire first. */
  async push(event: SourceEvent): Promise<void> {
    const occurred = toMs(String(event.detail.occurredAt));
    const now = Number.isNaN(occurred) ? this.#watermark : Math.max(this.#watermark, occurred);
    this.#watermark = now;
    await this.#releaseTimers(now);
    const customerId = String(event.detail.customerId ?? '');
    const pseudonym = await this.#services.pseudonymOf(customerId);
    this.engagement?.saw(customerId, pseudonym);
    await this.#schedule(pseudonym, async () => {
      await this.#fireUpTo(pseudonym, now);
      if (event.detailType === 'order.placed') this.#stats.order(pseudonym, now, event.detail);
      const message = { kind: 'customer-event' as const, detailType: event.detailType, detail: event.detail };
      const result = await this.#ingest(message, now);
      this.#stats.ingested(result.kind);
    });
  }

  /** Pushes the simulated channel reports due by `until` (`--simulate-engagement`), each at its own time. */
  async pushEngagement(until: number): Promise<void> {
    for (const event of this.engagement?.due(until) ?? []) {
      this.#stats.simulatedEvents += 1;
      await this.push(event);
    }
  }

  /** Keeps the virtual clock running until `until` so journey timers fire; reports progress per virtual day. */
  async drain(until: number, onDay?: (virtualNow: number) => void): Promise<void> {
    await this.idle();
    for (let day = this.#watermark; day < until; ) {
      day = Math.min(until, day + 86_400_000);
      for (let time = this.#heap.peek(); time !== undefined && time <= day; time = this.#heap.peek()) {
        await this.#releaseTimers(day);
        await this.idle();
      }
      await this.pushEngagement(day);
      await this.idle();
      this.#watermark = day;
      onDay?.(day);
    }
    await this.idle();
  }

  async idle(): Promise<void> {
    await this.#scheduler?.idle();
  }

  /** The digest of every decision logged so far (see DecisionDigest). */
  get decisionDigest(): string {
    return this.#services.digest.value;
  }

  /** Customers held parsed and items packed (memory store; undefined in the embedded DynamoDB). */
  get customerTiers(): { hot: number; packed: number } | undefined {
    return this.#services.tiers?.();
  }

  /** Writes what the services still buffer. */
  close(): Promise<void> {
    return this.#services.close();
  }
}

/**
 * The house policy, but with a dedupe horizon that covers history: a replay reads each event of its file once, in
 * time order, and its synthetic consents are dated up to years before a customer's first event (the live horizon of
 * 7 days would refuse them). Every decision rule is the house policy's.
 */
export const replayPolicy = { ...policy, dedupe: { ...policy.dedupe, horizon: days(3650) } };

/** The replay's services (in memory, or over the embedded DynamoDB `db`) wired to an engine's virtual clock. */
export async function createReplay(options: {
  paths: LocalPaths;
  store?: ReplayStore;
  db?: EmbeddedDynamoDb;
  telemetry: ConsoleTelemetry;
  concurrency: number;
  freezeStates?: boolean;
  /** Memory store only: customers kept hot, the others packed (see ReplayServicesOptions). */
  hotCustomers?: number;
  /** The journeys to run (default: the house registry, journeys/index.ts). */
  registry?: JourneyRegistry;
  /** The operators' lifecycle configuration for the whole replay (a shadow version, a paused journey). */
  lifecycle?: JourneyLifecycles;
}): Promise<{ engine: ReplayEngine; stats: ReplayStats }> {
  const stats = new ReplayStats();
  let engine: ReplayEngine | undefined;
  const common = {
    paths: options.paths,
    telemetry: options.telemetry,
    clock: { now: () => engine?.clock.now() ?? 0 },
    registry: options.registry ?? registry,
    policy: replayPolicy,
    ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}),
    ...(options.freezeStates ? { freezeStates: true } : {}),
    ...(options.hotCustomers !== undefined ? { hotCustomers: options.hotCustomers } : {}),
  };
  const store = options.store ?? (options.db ? 'dynamodb' : 'memory');
  if (store === 'dynamodb' && !options.db) throw new TypeError('A replay in the embedded DynamoDB needs `db`');
  // The DynamoDB wiring (and the AWS SDK it loads) only when asked for.
  const services =
    store === 'dynamodb' && options.db
      ? await (await import('./replay-services-dynamodb.ts')).dynamoReplayServices({ ...common, db: options.db })
      : await memoryReplayServices(common);
  engine = new ReplayEngine(services, stats, options.concurrency);
  return { engine, stats };
}
