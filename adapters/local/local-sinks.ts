import type { OutboundEvent } from '../../core/customer/outbox.ts';
import type { EventPublisher, RejectedEvent, RejectedEvents } from '../../core/ports/messaging.ts';
import { JsonLinesFile } from './json-lines.ts';

/** Outbound events locally: appended to `.data/events.jsonl` in the shape EventBridge would carry them. */
export class LocalEventLog implements EventPublisher {
  readonly file: JsonLinesFile;
  readonly #listeners: Array<(event: OutboundEvent) => void> = [];

  constructor(path: string) {
    this.file = new JsonLinesFile(path);
  }

  onEvent(listener: (event: OutboundEvent) => void): void {
    this.#listeners.push(listener);
  }

  async publish(events: readonly OutboundEvent[]): Promise<void> {
    await this.file.append(
      ...events.map((event) => ({
        source: 'journeys.orchestrator',
        'detail-type': event.detailType,
        detail: event.detail,
      })),
    );
    for (const event of events) for (const listener of this.#listeners) listener(event);
  }
}

/** Contract violations locally: `.data/rejected.jsonl`, one line each with the reason and the event as received. */
export class LocalRejectedStore implements RejectedEvents {
  readonly file: JsonLinesFile;
  constructor(path: string) {
    this.file = new JsonLinesFile(path);
  }
  async reject(event: RejectedEvent): Promise<void> {
    await this.file.append(event);
  }
}
