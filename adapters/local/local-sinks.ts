import { ORCHESTRATOR_SOURCE } from '../../core/contracts/sources.ts';
import type { OutboundEvent } from '../../core/customer/outbox.ts';
import type { RejectedEvent } from '../../core/messages/rejected.ts';
import type { EventPublisher } from '../../core/ports/messaging.ts';
import type { MessageQueue } from '../../core/ports/queue.ts';
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
        source: ORCHESTRATOR_SOURCE,
        'detail-type': event.detailType,
        detail: event.detail,
      })),
    );
    for (const event of events) for (const listener of this.#listeners) listener(event);
  }
}

/** Contract violations locally: `.data/rejected.jsonl`, one line each with the reason and the event as received. */
export class LocalRejectedStore implements MessageQueue<RejectedEvent> {
  readonly file: JsonLinesFile;
  constructor(path: string) {
    this.file = new JsonLinesFile(path);
  }
  async send(events: readonly RejectedEvent[]): Promise<void> {
    await this.file.append(...events);
  }
}
