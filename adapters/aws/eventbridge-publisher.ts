import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ORCHESTRATOR_SOURCE } from '../../core/contracts/sources.ts';
import type { OutboundEvent } from '../../core/customer/outbox.ts';
import type { EventPublisher } from '../../core/ports/messaging.ts';
import { defaultRetryPolicy, type RetryPolicy, sendInChunks } from '../retry.ts';

/** Outbound events to the bus: PutEvents in batches of 10, failed entries retried with backoff. */
export class EventBridgePublisher implements EventPublisher {
  readonly #client: EventBridgeClient;
  readonly #busName: string;
  readonly #retry: RetryPolicy;

  constructor(options: { client: EventBridgeClient; busName: string; retry?: RetryPolicy }) {
    this.#client = options.client;
    this.#busName = options.busName;
    this.#retry = options.retry ?? defaultRetryPolicy;
  }

  async publish(events: readonly OutboundEvent[]): Promise<void> {
    const entries: PutEventsRequestEntry[] = events.map((event) => ({
      EventBusName: this.#busName,
      Source: ORCHESTRATOR_SOURCE,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Time: new Date(event.detail.at),
    }));
    await sendInChunks(
      entries,
      10,
      async (chunk) => {
        const result = await this.#client.send(new PutEventsCommand({ Entries: chunk }));
        if (!result.FailedEntryCount) return [];
        return chunk.filter((_, index) => result.Entries?.[index]?.ErrorCode);
      },
      'EventBridge PutEvents',
      this.#retry,
    );
  }
}
