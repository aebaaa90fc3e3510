import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { SdkCall } from './call-counter.ts';
import { REGION } from './deployed-stack.ts';
import type { FunctionHost } from './function-host-process.ts';
import type { QueueEventSource } from './lambda-functions.ts';

export interface PollResult {
  received: number;
  failed: number;
  /** The handler threw instead of answering: the whole batch fails. */
  invocationError?: string;
  calls: SdkCall[];
}

function recordOf(message: Message, source: QueueEventSource): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '0',
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '0',
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: source.queueArn,
    awsRegion: REGION,
  };
}

/**
 * What a Lambda SQS event source mapping does, from its template properties: receive up to BatchSize messages with
 * the queue's visibility timeout, invoke the function with them, delete the ones it processed. With
 * ReportBatchItemFailures only the reported `batchItemFailures` stay; a thrown handler leaves the whole batch. What
 * stays is invisible until its visibility timeout passes; `releaseFailed()` stands for that wait (it sets their
 * visibility to 0 instead of sleeping), after which SQS redelivers them and, past maxReceiveCount, moves them to the
 * DLQ itself. Not emulated: MaximumBatchingWindowInSeconds (each poll takes what is visible at once) and scaling
 * (one poller, one batch at a time).
 */
export class SqsEventSource {
  readonly source: QueueEventSource;
  readonly host: FunctionHost;
  readonly #sqs: SQSClient;
  /** Receipt handles of messages whose processing failed and that are waiting out their visibility timeout. */
  #inFlightFailures: string[] = [];

  constructor(sqs: SQSClient, source: QueueEventSource, host: FunctionHost) {
    this.#sqs = sqs;
    this.source = source;
    this.host = host;
  }

  get inFlightFailures(): number {
    return this.#inFlightFailures.length;
  }

  async pollOnce(): Promise<PollResult> {
    const { Messages = [] } = await this.#sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.source.queueUrl,
        MaxNumberOfMessages: this.source.batchSize,
        VisibilityTimeout: this.source.visibilityTimeoutSeconds,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return { received: 0, failed: 0, calls: [] };
    const event: SQSEvent = { Records: Messages.map((message) => recordOf(message, this.source)) };
    const invocation = await this.host.invoke(event);
    const failedIds = new Set<string>();
    if (!invocation.ok) {
      for (const message of Messages) failedIds.add(message.MessageId as string);
    } else if (this.source.reportBatchItemFailures) {
      const response = invocation.result as { batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined;
      for (const failure of response?.batchItemFailures ?? []) failedIds.add(failure.itemIdentifier);
    }
    const done = Messages.filter((message) => !failedIds.has(message.MessageId as string));
    if (done.length > 0) {
      await this.#sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.source.queueUrl,
          Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    }
    for (const message of Messages) {
      if (failedIds.has(message.MessageId as string)) this.#inFlightFailures.push(message.ReceiptHandle as string);
    }
    return {
      received: Messages.length,
      failed: failedIds.size,
      ...(invocation.ok
        ? {}
        : { invocationError: [invocation.error?.message, ...(invocation.error?.details ?? [])].join(' | ') }),
      calls: invocation.calls,
    };
  }

  /** The visibility timeout of every failed message has passed: they become receivable again. */
  async releaseFailed(): Promise<number> {
    const handles = this.#inFlightFailures.splice(0, this.#inFlightFailures.length);
    for (const ReceiptHandle of handles) {
      await this.#sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: this.source.queueUrl, ReceiptHandle, VisibilityTimeout: 0 }),
      );
    }
    return handles.length;
  }
}
