import type { SourceEvent } from '../../cli/replay/sources.ts';
import { days, toIso, toMs } from '../../core/time.ts';
import { handleDelivery } from '../../core/use-cases/handle-delivery.ts';
import { handleIngestMessage } from '../../core/use-cases/handle-ingest-message.ts';
import { handlePrivacyMessage } from '../../core/use-cases/handle-privacy-message.ts';
import { handleSweep } from '../../core/use-cases/handle-sweep.ts';
import type { FaultSpec, FiredFault } from './fault-injector.ts';
import { LeasedMemoryLedger } from './sim-ports.ts';
import type { DeadLetter, SimQueue } from './sim-queue.ts';
import { SimWorld, type WorldOptions } from './sim-world.ts';

export interface SimOptions extends WorldOptions {
  /** SQS redrive `maxReceiveCount` (default 5, as the stack's queues). */
  maxReceiveCount?: number;
  /** How long the virtual clock keeps running after the last event so timers fire (default 35 days). */
  drainMs?: number;
}

/** What a run left behind and what left the system, for comparison with a fault-free run of the same input. */
export interface SimOutcome {
  /** Each stored customer without its version (extra writes after a lost response move it). */
  customers: Map<string, string>;
  /** Customers whose item still holds an outbox after everything drained. */
  orphanedOutboxes: string[];
  decided: Set<string>;
  sendDecisions: Set<string>;
  enqueued: Set<string>;
  /** messageId → times it reached a recipient. */
  delivered: Map<string, number>;
  providerDuplicates: number;
  /** Outbound events (without their time) → how often each was published. */
  published: Map<string, number>;
  exports: Set<string>;
  rejected: number;
  /** Ledger claims neither completed nor released. */
  openClaims: string[];
  deadLetters: DeadLetter[];
  redeliveries: number;
  faults: FiredFault[];
  calls: Map<string, number>;
  counts: Record<string, number>;
}

interface Driver {
  cursor: number;
  watermark: number;
  lastSweep: number;
  steps: number;
  /** Steps plus messages received so far: how much work the run has done. */
  work: number;
  recent: Map<string, number>;
  counts: Record<string, number>;
  deadLetters: DeadLetter[];
  redeliveries: number;
}

/** Redelivery after a failure: ingest at the same virtual instant, delivery and privacy after their visibility. */
const VISIBILITY = { ingest: 0, delivery: 180_000, privacy: 720_000 } as const;
const MINUTE = 60_000;

/**
 * Replays source events through the real use cases on a virtual clock, one step at a time: a step is either one
 * event put on the ingest queue at its own time, or a sweep at a minute tick at which some customer is due; after
 * each step every queue is drained. A message whose handler threw is received again — ingest at the same virtual
 * instant (the engine then sees the same `now` as a fault-free run, so outcomes compare exactly), delivery and
 * privacy after their visibility timeouts of 180 s and 720 s (an abandoned ledger claim expires as on AWS) — until
 * it succeeds or has been received `maxReceiveCount` times and is dead-lettered.
 * Between steps every queue is empty, so a run can be forked there and continued with another fault plan.
 */
export class Simulation {
  readonly world: SimWorld;
  readonly #input: readonly SourceEvent[];
  readonly #options: SimOptions;
  readonly #driver: Driver;
  #doing = '';

  constructor(input: readonly SourceEvent[], options: SimOptions = {}, from?: { world: SimWorld; driver: Driver }) {
    this.#input = input;
    this.#options = options;
    this.world = from?.world ?? new SimWorld(options);
    this.#driver = from
      ? { ...from.driver, recent: new Map(from.driver.recent), counts: { ...from.driver.counts } }
      : {
          cursor: 0,
          watermark: 0,
          lastSweep: 0,
          steps: 0,
          work: 0,
          recent: new Map(),
          counts: {},
          deadLetters: [],
          redeliveries: 0,
        };
    this.#driver.deadLetters = [...this.#driver.deadLetters];
    this.world.injector.context = () => `step ${this.#driver.steps}: ${this.#doing}`;
  }

  get steps(): number {
    return this.#driver.steps;
  }

  get work(): number {
    return this.#driver.work;
  }

  /** The virtual time of the latest sweep (0 before the first). */
  get lastSweep(): number {
    return this.#driver.lastSweep;
  }

  /** Where in the input and the sweep schedule the run stands; runs at the same place can be compared. */
  get position(): string {
    return `${this.#driver.cursor}@${this.#driver.lastSweep}`;
  }

  /** This run's state carried on by a new run with `faults` planned. */
  fork(faults: readonly FaultSpec[], options: Pick<SimOptions, 'idempotentProvider'> = {}): Simulation {
    const world = this.world.fork(faults, options);
    return new Simulation(this.#input, { ...this.#options, ...options, faults }, { world, driver: this.#driver });
  }

  /** Equal digests at the same position: the two runs go on identically from here (no fault pending). */
  digest(): string {
    const { cursor, lastSweep, recent } = this.#driver;
    const sweeper = [...recent].map(([pseudonym, at]) => `${pseudonym}@${at}`).sort();
    return `${this.world.digest()}/${cursor}/${lastSweep}/${sweeper.join(',')}`;
  }

  /** One step; false once the input is consumed and no timer is due before the end of the drain. */
  async step(): Promise<boolean> {
    const driver = this.#driver;
    const event = this.#input[driver.cursor];
    const until = event
      ? Math.max(driver.watermark, toMs(String(event.detail.occurredAt)))
      : driver.watermark + (this.#options.drainMs ?? days(35));
    const next = this.world.table.nextWakeAt();
    const tick =
      next === undefined ? undefined : Math.max(driver.lastSweep + MINUTE, Math.ceil(toMs(next) / MINUTE) * MINUTE);
    if (tick !== undefined && tick <= until) await this.#sweep(tick);
    else if (event) {
      driver.watermark = until;
      this.world.clock.set(until);
      this.#doing = `event #${driver.cursor} ${event.detailType}`;
      driver.cursor += 1;
      await this.world.ingestQueue.send([
        { kind: 'customer-event', detailType: event.detailType, detail: event.detail },
      ]);
      await this.#drain();
    } else return false;
    driver.steps += 1;
    driver.work += 1;
    return true;
  }

  async run(untilStep = Number.POSITIVE_INFINITY): Promise<void> {
    while (this.#driver.steps < untilStep && (await this.step()));
  }

  async #sweep(tick: number): Promise<void> {
    this.#driver.lastSweep = tick;
    this.world.clock.set(tick);
    this.#doing = `sweep at ${toIso(tick)}`;
    this.#count('sweeps');
    try {
      await handleSweep(this.world.sweep, { recent: this.#driver.recent });
    } catch {
      this.#count('sweeps:failed');
    }
    await this.#drain();
  }

  async #drain(): Promise<void> {
    const { world } = this;
    while (world.ingestQueue.size + world.deliveryQueue.size + world.privacyQueue.size > 0) {
      await this.#receive(world.ingestQueue, VISIBILITY.ingest, async (message) => {
        const result = await handleIngestMessage(message, world.ingest);
        return result.kind === 'event' ? `${result.kind}:${result.outcome}` : result.kind;
      });
      await this.#receive(world.deliveryQueue, VISIBILITY.delivery, async (message) => {
        return (await handleDelivery(message, world.deliver)).status;
      });
      await this.#receive(world.privacyQueue, VISIBILITY.privacy, async (message) => {
        return (await handlePrivacyMessage(message, world.privacy)).kind;
      });
    }
  }

  async #receive<T>(queue: SimQueue<T>, visibility: number, handle: (message: T) => Promise<string>): Promise<void> {
    const maxReceiveCount = this.#options.maxReceiveCount ?? 5;
    for (const entry of queue.take()) {
      this.#driver.work += 1;
      this.world.clock.set(entry.sentAt + entry.receives * visibility);
      this.#doing = `${queue.name} receive ${entry.receives + 1} at ${toIso(this.world.clock.now())}`;
      try {
        this.#count(`${queue.name}:${await handle(entry.message)}`);
      } catch (error) {
        if (queue.retry(entry, maxReceiveCount)) this.#driver.redeliveries += 1;
        else this.#driver.deadLetters.push({ queue: queue.name, message: entry.message, error: String(error) });
      }
    }
  }

  #count(key: string): void {
    this.#driver.counts[key] = (this.#driver.counts[key] ?? 0) + 1;
  }

  /** What this run went through so far (cheap; `outcome` also reads every customer). */
  tally() {
    const { redeliveries, deadLetters, counts } = this.#driver;
    const { injector, channel } = this.world;
    return { redeliveries, deadLetters, counts, fired: injector.fired, providerDuplicates: channel.providerDuplicates };
  }

  async outcome(): Promise<SimOutcome> {
    const { world } = this;
    const customers = new Map<string, string>();
    const orphanedOutboxes: string[] = [];
    for (const pseudonym of world.table.pseudonyms()) {
      const { v: _v, ...state } = await world.table.load(pseudonym);
      customers.set(pseudonym, JSON.stringify(state));
      if (state.outbox.length > 0) orphanedOutboxes.push(pseudonym);
    }
    const decided = new Set(world.decided.counts.keys());
    const sends = [...decided].filter((key) => key.split('|')[1] === 'send').map((key) => key.split('|')[0] as string);
    return {
      customers,
      orphanedOutboxes,
      decided,
      sendDecisions: new Set(sends),
      enqueued: new Set(world.enqueued.counts.keys()),
      delivered: new Map(world.channel.delivered.counts),
      providerDuplicates: world.channel.providerDuplicates,
      published: new Map(world.bus.published.counts),
      exports: new Set(world.sink.keys.counts.keys()),
      rejected: world.rejected.size,
      openClaims: world.ledger instanceof LeasedMemoryLedger ? world.ledger.open : [],
      deadLetters: this.#driver.deadLetters,
      redeliveries: this.#driver.redeliveries,
      faults: world.injector.fired,
      calls: new Map(world.injector.calls),
      counts: { ...this.#driver.counts },
    };
  }
}
