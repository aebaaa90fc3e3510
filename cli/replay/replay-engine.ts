import { AsyncLocalStorage } from 'node:async_hooks';
import type { EmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { MemoryKeyStore } from '../../adapters/local/memory-key-store.ts';
import { MemorySendLedger } from '../../adapters/local/memory-send-ledger.ts';
import { type CustomerState, wakeAt } from '../../core/customer/state.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { IngestMessage } from '../../core/messages/queue-messages.ts';
import type { CustomerStore } from '../../core/ports/store.ts';
import { days, toMs } from '../../core/time.ts';
import { handleDelivery } from '../../core/use-cases/handle-delivery.ts';
import { handleIngestMessage, type IngestResult } from '../../core/use-cases/handle-ingest-message.ts';
import { policy, registry } from '../../journeys/index.ts';
import type { ConsoleTelemetry } from '../local/console-telemetry.ts';
import { type LocalPaths, type LocalServices, localServices } from '../local/local-services.ts';
import { CustomerScheduler, TimeHeap } from './customer-scheduler.ts';
import { ReplayStats } from './replay-stats.ts';
import type { SourceEvent } from './sources.ts';

const at = (ms: number) => ({ now: () => ms });

/**
 * Drives the real pipeline (ingest → policy → outbox → deliver) on a virtual clock: each event is processed at its
 * own time, and every customer's timers fire at their exact due time before anything later happens to them.
 */
export class ReplayEngine {
  readonly #services: LocalServices;
  readonly #stats: ReplayStats;
  readonly #scheduler: CustomerScheduler;
  readonly #wake = new Map<string, number>();
  readonly #heap = new TimeHeap();
  readonly #store: CustomerStore;
  #watermark = 0;
  /** The virtual time of the work in progress, so every component (outbox, audit, events) sees the same clock. */
  readonly #taskTime = new AsyncLocalStorage<number>();
  readonly clock = { now: () => this.#taskTime.getStore() ?? this.#watermark };

  constructor(services: LocalServices, stats: ReplayStats, concurrency: number) {
    this.#services = services;
    this.#stats = stats;
    this.#scheduler = new CustomerScheduler(concurrency);
    const table = services.table;
    this.#store = {
      load: (pseudonym) => table.load(pseudonym),
      save: async (state: CustomerState, expected: number) => this.#tracked(await table.save(state, expected)),
      clearOutbox: (pseudonym, expected) => table.clearOutbox(pseudonym, expected),
    };
  }

  get virtualNow(): number {
    return this.#watermark;
  }

  #tracked(state: CustomerState): CustomerState {
    const due = wakeAt(state);
    if (due === undefined) this.#wake.delete(state.pseudonym);
    else {
      const time = toMs(due);
      this.#wake.set(state.pseudonym, time);
      this.#heap.push(time, state.pseudonym);
    }
    return state;
  }

  /** Ingest at virtual time `now`, in process: deliveries are sent at once, at their decision time. */
  #ingest(message: IngestMessage, now: number): Promise<IngestResult> {
    const deliveries = {
      send: async (messages: readonly DeliveryRequest[]) => {
        for (const message of messages) {
          const sentAt = toMs(message.decidedAt);
          const outcome = await this.#taskTime.run(sentAt, () =>
            handleDelivery(message, { ...this.#services.deliver, clock: at(sentAt) }),
          );
          if (outcome.status === 'sent') this.#stats.sent(message);
        }
      },
    };
    const privacy = { send: async () => {} };
    const ports = { ...this.#services.ingest({ deliveries, privacy }), store: this.#store, clock: at(now) };
    return this.#taskTime.run(now, () => handleIngestMessage(message, ports));
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
      if (this.#wake.get(pseudonym) !== time) continue;
      await this.#scheduler.schedule(pseudonym, () => this.#fireUpTo(pseudonym, until));
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
    await this.#scheduler.schedule(pseudonym, async () => {
      await this.#fireUpTo(pseudonym, now);
      if (event.detailType === 'order.placed') this.#stats.order(pseudonym, now);
      const message = { kind: 'customer-event' as const, detailType: event.detailType, detail: event.detail };
      const result = await this.#ingest(message, now);
      this.#stats.ingested(result.kind);
    });
  }

  /** Keeps the virtual clock running until `until` so journey timers fire; reports progress per virtual day. */
  async drain(until: number, onDay?: (virtualNow: number) => void): Promise<void> {
    await this.#scheduler.idle();
    for (let day = this.#watermark; day < until; ) {
      day = Math.min(until, day + 86_400_000);
      for (let time = this.#heap.peek(); time !== undefined && time <= day; time = this.#heap.peek()) {
        await this.#releaseTimers(day);
        await this.#scheduler.idle();
      }
      this.#watermark = day;
      onDay?.(day);
    }
    await this.#scheduler.idle();
  }

  idle(): Promise<void> {
    return this.#scheduler.idle();
  }
}

/**
 * The house policy, but with a dedupe horizon that covers history: a replay reads each event of its file once, in
 * time order, and its synthetic consents are dated up to years before a customer's first event (the live horizon of
 * 7 days would refuse them). Every decision rule is the house policy's.
 */
export const replayPolicy = { ...policy, dedupe: { ...policy.dedupe, horizon: days(3650) } };

/** The local services wired to a replay engine whose virtual clock they all read. */
export async function createReplay(options: {
  paths: LocalPaths;
  db: EmbeddedDynamoDb;
  telemetry: ConsoleTelemetry;
  concurrency: number;
}): Promise<{ engine: ReplayEngine; stats: ReplayStats }> {
  const stats = new ReplayStats();
  let engine: ReplayEngine | undefined;
  const services = await localServices({
    ...options,
    clock: { now: () => engine?.clock.now() ?? 0 },
    registry,
    policy: replayPolicy,
    ledger: new MemorySendLedger(),
    keyStore: new MemoryKeyStore(),
  });
  engine = new ReplayEngine(services, stats, options.concurrency);
  return { engine, stats };
}
