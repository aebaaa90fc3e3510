import type { QueueCodec } from '../../core/messages/queue-messages.ts';
import type { MessageQueue } from '../../core/ports/queue.ts';
import { type JournalEntry, QueueJournal } from './queue-journal.ts';

export interface DurableQueueOptions<T> {
  /** The journal file; the queue's messages survive a crash of the process (kill -9) in it. */
  path: string;
  /** How messages become bodies, exactly as on SQS. */
  codec: QueueCodec<T>;
  /** Processes one message body, as an SQS consumer does; a throw means "retry later". */
  handler: (body: string) => Promise<void>;
  /** Receives after which a message goes to the dead-letter handler (SQS redrive maxReceiveCount). */
  maxReceiveCount?: number;
  /** Delay before a failed message is received again (default 200 ms × 2^(receives-1)). */
  retryDelayMs?: (receives: number) => number;
  deadLetter: (body: string, error: unknown) => Promise<void>;
  /** The journal is compacted when it holds this many records (default 10,000). */
  compactAfter?: number;
}

/**
 * The local stand-in for an SQS queue with a redrive policy, as durable as SQS against a crash: `send` resolves only
 * once the messages are fsync'd to the queue's journal, and a message leaves the journal only when it was handled
 * or dead-lettered. Messages are processed one at a time in order; a failure is retried after a delay, and after
 * `maxReceiveCount` receives the message is dead-lettered. Nothing is dropped.
 */
export class DurableQueue<T> implements MessageQueue<T> {
  readonly name: string;
  readonly #options: DurableQueueOptions<T>;
  readonly #journal: QueueJournal;
  /** Every entry not acknowledged yet: ready, delayed or being handled. */
  readonly #pending = new Map<number, JournalEntry>();
  readonly #ready: JournalEntry[] = [];
  #running: Promise<void> | undefined;
  #idleWaiters: Array<() => void> = [];
  #closed = false;

  private constructor(options: DurableQueueOptions<T>, journal: QueueJournal) {
    this.name = options.codec.queue;
    this.#options = options;
    this.#journal = journal;
  }

  /** Opens the queue's journal; messages left by an earlier process are delivered again. */
  static async open<T>(options: DurableQueueOptions<T>): Promise<DurableQueue<T>> {
    const { journal, pending } = await QueueJournal.open(options.path);
    const queue = new DurableQueue(options, journal);
    for (const entry of pending) queue.#enqueue(entry);
    queue.#start();
    return queue;
  }

  async send(messages: readonly T[]): Promise<void> {
    if (this.#closed) throw new Error(`Queue ${this.name} is closed`);
    if (messages.length === 0) return;
    const entries = await this.#journal.append(messages.map((message) => this.#options.codec.encode(message)));
    for (const entry of entries) this.#enqueue(entry);
    this.#start();
  }

  /** Messages not handled yet. */
  get depth(): number {
    return this.#pending.size;
  }

  /** Resolves when every message sent so far (and its retries) has been handled or dead-lettered. */
  drain(): Promise<void> {
    if (!this.#running && this.#pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops taking messages, waits for what is queued, and closes the journal. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.drain();
    await this.#journal.close();
  }

  #enqueue(entry: JournalEntry): void {
    this.#pending.set(entry.id, entry);
    this.#ready.push(entry);
  }

  #start(): void {
    this.#running ??= this.#pump().finally(() => {
      this.#running = undefined;
      if (this.#ready.length > 0) this.#start();
      else if (this.#pending.size === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
    });
  }

  async #pump(): Promise<void> {
    for (let entry = this.#ready.shift(); entry; entry = this.#ready.shift()) {
      try {
        await this.#options.handler(entry.body);
        await this.#done(entry);
      } catch (error) {
        await this.#failed(entry, error);
      }
    }
    // Once every message is handled the journal is emptied, so the events it carried (with their customer ids and
    // contacts) do not stay at rest; a busy queue is compacted past `compactAfter` records.
    if (
      (this.#pending.size === 0 && this.#journal.records > 0) ||
      this.#journal.records >= (this.#options.compactAfter ?? 10_000)
    ) {
      await this.#journal.compact();
    }
  }

  async #done(entry: JournalEntry): Promise<void> {
    this.#pending.delete(entry.id);
    await this.#journal.ack(entry.id);
  }

  async #failed(entry: JournalEntry, error: unknown): Promise<void> {
    entry.failures += 1;
    if (entry.failures >= (this.#options.maxReceiveCount ?? 5)) {
      await this.#options.deadLetter(entry.body, error);
      await this.#done(entry);
      return;
    }
    await this.#journal.fail(entry.id);
    const delay = this.#options.retryDelayMs?.(entry.failures) ?? 200 * 2 ** (entry.failures - 1);
    setTimeout(() => {
      this.#ready.push(entry);
      this.#start();
    }, delay).unref();
  }
}
