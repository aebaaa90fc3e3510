import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ORCHESTRATOR_SOURCE } from '../../core/contracts/sources.ts';
import type { OutboundDetailType, OutboundEvent } from '../../core/customer/outbox.ts';
import type { EventPublisher } from '../../core/ports/messaging.ts';
import { defaultRetryPolicy, type RetryPolicy, sendInChunks } from '../retry.ts';

/**
 * Outbound events to the bus: PutEvents in batches of 10, failed entries retried with backoff. With `detailTypes`,
 * only events of those types are put (the stage's choice, decision 0009); the others are not sent at all.
 */
export class EventBridgePublisher implements EventPublisher {
  readonly #client: EventBridgeClient;
  readonly #busName: string;
  readonly #retry: RetryPolicy;
  readonly #detailTypes: ReadonlySet<string> | undefined;

  constructor(options: {
    client: EventBridgeClient;
    busName: string;
    retry?: RetryPolicy;
    detailTypes?: ReadonlySet<OutboundDetailType>;
  }) {
    this.#client = options.client;
    this.#busName = options.busName;
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#detailTypes = options.detailTypes;
  }

  async publish(events: readonly OutboundEvent[]): Promise<void> {
    const published = this.#detailTypes ? events.filter((event) => this.#detailTypes?.has(event.detailType)) : events;
    if (published.length === 0) return;
    const entries: PutEventsRequestEntry[] = published.map((event) => ({
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
