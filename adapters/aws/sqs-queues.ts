import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryRequest } from '../../core/customer/outbox.ts';
import type {
  DeliveryQueue,
  ErasureRequests,
  RejectedEvent,
  RejectedEvents,
  TimerDueQueue,
} from '../../core/ports/messaging.ts';
import { defaultRetryPolicy, type RetryPolicy, sendInChunks } from '../retry.ts';

/** The shape of internal messages on our queues: the same envelope EventBridge gives SQS targets. */
export interface InternalMessage<T = unknown> {
  'detail-type': string;
  source: string;
  time: string;
  detail: T;
}

export const TIMER_DUE = 'timer.due';
export const ERASURE_SCHEDULED = 'privacy.erasure_scheduled';
export const INTERNAL_SOURCE = 'journeys.orchestrator';

/** Moves message bodies onto one queue. */
export interface QueueTransport {
  sendBodies(bodies: readonly string[]): Promise<void>;
}

/** The message formats of every queue port, over any transport (SQS on AWS, in-process locally). */
export class QueuePorts implements DeliveryQueue, TimerDueQueue, RejectedEvents, ErasureRequests {
  readonly #transport: QueueTransport;
  readonly #now: () => number;

  constructor(transport: QueueTransport, now: () => number = Date.now) {
    this.#transport = transport;
    this.#now = now;
  }

  async enqueue(messages: readonly DeliveryRequest[]): Promise<void> {
    await this.#transport.sendBodies(messages.map((message) => JSON.stringify(message)));
  }

  async enqueueTimerDue(pseudonyms: readonly string[], bucket: string): Promise<void> {
    await this.#transport.sendBodies(pseudonyms.map((pseudonym) => this.#internal(TIMER_DUE, { pseudonym, bucket })));
  }

  async reject(event: RejectedEvent): Promise<void> {
    await this.#transport.sendBodies([JSON.stringify(event)]);
  }

  async requestErasure(pseudonym: string, reason: string): Promise<void> {
    await this.#transport.sendBodies([this.#internal(ERASURE_SCHEDULED, { pseudonym, reason })]);
  }

  #internal(detailType: string, detail: unknown): string {
    const message: InternalMessage = {
      'detail-type': detailType,
      source: INTERNAL_SOURCE,
      time: new Date(this.#now()).toISOString(),
      detail,
    };
    return JSON.stringify(message);
  }
}

/** SendMessageBatch in batches of 10; service-side failures retried with backoff, sender faults fail at once. */
export class SqsTransport implements QueueTransport {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #retry: RetryPolicy;

  constructor(options: { client: SQSClient; queueUrl: string; retry?: RetryPolicy }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#retry = options.retry ?? defaultRetryPolicy;
  }

  async sendBodies(bodies: readonly string[]): Promise<void> {
    const entries: SendMessageBatchRequestEntry[] = bodies.map((body, index) => ({
      Id: String(index),
      MessageBody: body,
    }));
    await sendInChunks(
      entries,
      10,
      async (chunk) => {
        const result = await this.#client.send(
          new SendMessageBatchCommand({ QueueUrl: this.#queueUrl, Entries: chunk }),
        );
        const senderFaults = (result.Failed ?? []).filter((entry) => entry.SenderFault);
        if (senderFaults.length > 0) {
          const [first] = senderFaults;
          throw new Error(`SQS rejected ${senderFaults.length} messages: ${first?.Code} ${first?.Message}`);
        }
        const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
        return chunk.filter((entry) => failed.has(entry.Id));
      },
      'SQS SendMessageBatch',
      this.#retry,
    );
  }
}

/** A queue port set over SQS. */
export function sqsQueue(options: { client: SQSClient; queueUrl: string; retry?: RetryPolicy; now?: () => number }) {
  return new QueuePorts(new SqsTransport(options), options.now);
}
