import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryRequest } from '../../core/customer/outbox.ts';
import type {
  DeliveryQueue,
  ErasureRequests,
  RejectedEvent,
  RejectedEvents,
  TimerDueQueue,
} from '../../core/ports/messaging.ts';
import { defaultRetryPolicy, type RetryPolicy, sendInChunks } from './retry.ts';

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

/** SendMessageBatch in batches of 10 with retry of failed entries; one instance per queue URL. */
export class SqsQueue implements DeliveryQueue, TimerDueQueue, RejectedEvents, ErasureRequests {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #retry: RetryPolicy;
  readonly #now: () => number;

  constructor(options: { client: SQSClient; queueUrl: string; retry?: RetryPolicy; now?: () => number }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#now = options.now ?? Date.now;
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
        const failed = new Set((result.Failed ?? []).filter((entry) => !entry.SenderFault).map((entry) => entry.Id));
        const senderFaults = (result.Failed ?? []).filter((entry) => entry.SenderFault);
        if (senderFaults.length > 0) {
          throw new Error(
            `SQS rejected ${senderFaults.length} messages: ${senderFaults[0]?.Code} ${senderFaults[0]?.Message}`,
          );
        }
        return chunk.filter((entry) => failed.has(entry.Id));
      },
      'SQS SendMessageBatch',
      this.#retry,
    );
  }

  async enqueue(messages: readonly DeliveryRequest[]): Promise<void> {
    await this.sendBodies(messages.map((message) => JSON.stringify(message)));
  }

  async enqueueTimerDue(pseudonyms: readonly string[], bucket: string): Promise<void> {
    await this.sendBodies(pseudonyms.map((pseudonym) => this.#internal(TIMER_DUE, { pseudonym, bucket })));
  }

  async reject(event: RejectedEvent): Promise<void> {
    await this.sendBodies([JSON.stringify(event)]);
  }

  async requestErasure(pseudonym: string, reason: string): Promise<void> {
    await this.sendBodies([this.#internal(ERASURE_SCHEDULED, { pseudonym, reason })]);
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
