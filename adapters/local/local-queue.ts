import type { QueueCodec } from '../../core/messages/queue-messages.ts';
import type { MessageQueue } from '../../core/ports/queue.ts';

export interface LocalQueueOptions<T> {
  name: string;
  /** How messages become bodies, exactly as on SQS. */
  codec: QueueCodec<T>;
  /** Processes one message body, as an SQS consumer does; a throw means "retry later". */
  handler: (body: string) => Promise<void>;
  /** Receives after which a message goes to the dead-letter handler (SQS redrive maxReceiveCount). */
  maxReceiveCount?: number;
  /** Delay before a failed message is received again (default 200 ms × 2^(attempt-1)). */
  retryDelayMs?: (attempt: number) => number;
  deadLetter: (body: string, error: unknown) => Promise<void>;
}

interface Pending {
  body: string;
  receives: number;
}

/**
 * In-process stand-in for an SQS queue with a redrive policy: messages are processed one at a time in order, a failure
 * is retried after a delay, and after `maxReceiveCount` receives the message is dead-lettered. Nothing is dropped.
 */
export class LocalQueue<T> implements MessageQueue<T> {
  readonly name: string;
  readonly #options: LocalQueueOptions<T>;
  readonly #ready: Pending[] = [];
  #delayed = 0;
  #running: Promise<void> | undefined;
  #idleWaiters: Array<() => void> = [];
  #closed = false;

  constructor(options: LocalQueueOptions<T>) {
    this.name = options.name;
    this.#options = options;
  }

  async send(messages: readonly T[]): Promise<void> {
    if (this.#closed) throw new Error(`Local queue ${this.name} is closed`);
    for (const message of messages) this.#ready.push({ body: this.#options.codec.encode(message), receives: 0 });
    this.#start();
  }

  get depth(): number {
    return this.#ready.length + this.#delayed;
  }

  /** Resolves when every message sent so far (and its retries) has been processed or dead-lettered. */
  drain(): Promise<void> {
    if (!this.#running && this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops taking messages and waits for what is queued. */
  async close(): Promise<void> {
    await this.drain();
    this.#closed = true;
  }

  #start(): void {
    this.#running ??= this.#pump().finally(() => {
      this.#running = undefined;
      if (this.#ready.length > 0) this.#start();
      else if (this.#delayed === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
    });
  }

  async #pump(): Promise<void> {
    for (let next = this.#ready.shift(); next; next = this.#ready.shift()) {
      next.receives += 1;
      try {
        await this.#options.handler(next.body);
      } catch (error) {
        await this.#failed(next, error);
      }
    }
  }

  async #failed(message: Pending, error: unknown): Promise<void> {
    if (message.receives >= (this.#options.maxReceiveCount ?? 5)) {
      await this.#options.deadLetter(message.body, error);
      return;
    }
    const delay = this.#options.retryDelayMs?.(message.receives) ?? 200 * 2 ** (message.receives - 1);
    this.#delayed += 1;
    setTimeout(() => {
      this.#delayed -= 1;
      this.#ready.push(message);
      this.#start();
    }, delay).unref();
  }
}
