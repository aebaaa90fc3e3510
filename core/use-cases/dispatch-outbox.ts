import { LOG_KINDS, type LogEntry } from '../customer/log.ts';
import type { OutboxItem } from '../customer/outbox.ts';
import type { DeliveryRequest } from '../messages/delivery.ts';
import type { PrivacyMessage } from '../messages/queue-messages.ts';
import type { EventPublisher } from '../ports/messaging.ts';
import type { MessageQueue } from '../ports/queue.ts';
import type { DecisionLog } from '../ports/store.ts';

export interface OutboxPorts {
  decisionLog: DecisionLog;
  deliveries: MessageQueue<DeliveryRequest>;
  events: EventPublisher;
  /** Erasures and exports that are due go to the privacy queue. */
  privacy: MessageQueue<PrivacyMessage>;
}

/**
 * Hands outbox items to their ports: logs first (so a send is always explained), then deliveries, events and
 * privacy work. Every port is idempotent, so running this again after a failure is safe.
 */
export async function dispatchOutbox(
  pseudonym: string,
  items: readonly OutboxItem[],
  ports: OutboxPorts,
): Promise<void> {
  const of = <K extends OutboxItem['kind']>(kind: K) =>
    items.filter((item): item is Extract<OutboxItem, { kind: K }> => item.kind === kind);
  const logged = items.filter((item): item is LogEntry => LOG_KINDS.has(item.kind));
  if (logged.length > 0) await ports.decisionLog.append(logged);
  const deliveries = of('delivery').map((item) => item.message);
  if (deliveries.length > 0) await ports.deliveries.send(deliveries);
  const events = of('event').map((item) => item.event);
  if (events.length > 0) await ports.events.publish(events);
  const privacy: PrivacyMessage[] = [
    ...of('erasure').map(({ kind: _kind, ...erasure }) => ({ kind: 'erasure-due' as const, pseudonym, ...erasure })),
    ...of('export').map(({ requestId }) => ({ kind: 'export-due' as const, pseudonym, requestId })),
  ];
  if (privacy.length > 0) await ports.privacy.send(privacy);
}
