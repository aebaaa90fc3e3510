import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueCodec } from '../../core/messages/queue-messages.ts';
import type { MessageQueue } from '../../core/ports/queue.ts';
import { defaultRetryPolicy, type RetryPolicy, sendInChunks } from '../retry.ts';

/**
 * A typed queue over SQS: messages encoded by the queue's codec, SendMessageBatch in batches of 10; service-side
 * failures retried with backoff, sender faults fail at once.
 */
export class SqsQueue<T> implements MessageQueue<T> {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #codec: QueueCodec<T>;
  readonly #retry: RetryPolicy;

  constructor(options: { client: SQSClient; queueUrl: string; codec: QueueCodec<T>; retry?: RetryPolicy }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#codec = options.codec;
    this.#retry = options.retry ?? defaultRetryPolicy;
  }

  async send(messages: readonly T[]): Promise<void> {
    const entries: SendMessageBatchRequestEntry[] = messages.map((message, index) => ({
      Id: String(index),
      MessageBody: this.#codec.encode(message),
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
