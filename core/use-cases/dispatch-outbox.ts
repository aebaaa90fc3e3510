import type { OutboxItem } from '../customer/outbox.ts';
import type { DeliveryQueue, ErasureRequests, EventPublisher } from '../ports/messaging.ts';
import type { DecisionLog } from '../ports/store.ts';

export interface OutboxPorts {
  decisionLog: DecisionLog;
  deliveries: DeliveryQueue;
  events: EventPublisher;
  erasures: ErasureRequests;
}

/**
 * Hands outbox items to their ports: logs first (so a send is always explained), then deliveries, events and
 * erasure requests. Every port is idempotent, so running this again after a failure is safe.
 */
export async function dispatchOutbox(
  pseudonym: string,
  items: readonly OutboxItem[],
  ports: OutboxPorts,
): Promise<void> {
  const of = <K extends OutboxItem['kind']>(kind: K) =>
    items.filter((item): item is Extract<OutboxItem, { kind: K }> => item.kind === kind);
  const decisions = of('decision').map((item) => item.record);
  const proofs = of('consent-proof').map((item) => item.proof);
  if (decisions.length > 0) await ports.decisionLog.appendDecisions(decisions);
  if (proofs.length > 0) await ports.decisionLog.appendConsentProofs(proofs);
  const deliveries = of('delivery').map((item) => item.message);
  if (deliveries.length > 0) await ports.deliveries.enqueue(deliveries);
  const events = of('event').map((item) => item.event);
  if (events.length > 0) await ports.events.publish(events);
  for (const erasure of of('erasure')) await ports.erasures.requestErasure(pseudonym, erasure.reason);
}
