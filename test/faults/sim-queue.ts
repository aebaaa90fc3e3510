import type { Clock } from '../../core/ports/messaging.ts';
import type { MessageQueue } from '../../core/ports/queue.ts';

export interface QueueEntry<T> {
  message: T;
  /** Failed receives so far. */
  receives: number;
  /** Virtual time the message was sent. */
  sentAt: number;
}

export interface DeadLetter {
  queue: string;
  message: unknown;
  error: string;
}

/**
 * An SQS queue with a redrive policy, in memory: a message whose handler threw is received again after the
 * visibility timeout, and after `maxReceiveCount` failed receives it goes to the dead-letter list. `send` is the
 * port the use cases see; the driver receives with `take`.
 */
export class SimQueue<T> implements MessageQueue<T> {
  readonly name: string;
  readonly #clock: Clock;
  #entries: QueueEntry<T>[] = [];
  /** How many messages were ever sent (what reached the queue, faults or not). */
  sent = 0;

  constructor(name: string, clock: Clock) {
    this.name = name;
    this.#clock = clock;
  }

  async send(messages: readonly T[]): Promise<void> {
    const sentAt = this.#clock.now();
    for (const message of messages) this.#entries.push({ message: structuredClone(message), receives: 0, sentAt });
    this.sent += messages.length;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Everything visible now, in order; what fails is handed back with `retry`. */
  take(): QueueEntry<T>[] {
    const taken = this.#entries;
    this.#entries = [];
    return taken;
  }

  /** Puts a failed message back (behind what is queued), or returns false once it has been received too often. */
  retry(entry: QueueEntry<T>, maxReceiveCount: number): boolean {
    entry.receives += 1;
    if (entry.receives >= maxReceiveCount) return false;
    this.#entries.push(entry);
    return true;
  }
}
