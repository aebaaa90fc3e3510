import { METRIC } from '../contracts/metrics.ts';
import { exportCustomer } from '../engine/customer-export.ts';
import { InvalidCustomerEventError } from '../errors.ts';
import { parseCustomerEvent } from '../events/parse.ts';
import { type PrivacyMessage, privacyCodec } from '../messages/queue-messages.ts';
import type { ContactVault, Pseudonymizer } from '../ports/crypto.ts';
import type { EventPublisher, ExportSink } from '../ports/messaging.ts';
import type { CustomerEraser, CustomerStore, DecisionLog } from '../ports/store.ts';
import { toIso } from '../time.ts';
import { decodeOrReject, type RejectPorts, rejectEvent } from './reject-event.ts';

export interface PrivacyPorts extends RejectPorts {
  store: CustomerStore;
  decisionLog: DecisionLog;
  eraser: CustomerEraser;
  vault: ContactVault;
  sink: ExportSink;
  events: EventPublisher;
  pseudonymizer: Pseudonymizer;
}

export type PrivacyResult =
  | { kind: 'erased'; pseudonym: string; itemsDeleted: number }
  | { kind: 'exported'; pseudonym: string; objectKey: string }
  | { kind: 'rejected'; reason: string };

/**
 * Deletes every item of the customer and writes the erasure tombstone (events that happened before it are dropped
 * from then on), then announces `privacy.erasure_completed`.
 */
export async function handleErasure(pseudonym: string, requestId: string, ports: PrivacyPorts) {
  const erasedAt = toIso(ports.clock.now());
  const itemsDeleted = await ports.eraser.erase(pseudonym, erasedAt);
  await ports.events.publish([
    { detailType: 'privacy.erasure_completed', detail: { pseudonym, at: erasedAt, requestId, itemsDeleted } },
  ]);
  return { erasedAt, itemsDeleted };
}

/** Writes the customer's export (contact decrypted for this purpose only) and announces `privacy.export_ready`. */
export async function handleExport(pseudonym: string, requestId: string, ports: PrivacyPorts) {
  const now = ports.clock.now();
  const state = await ports.store.load(pseudonym);
  const contact = state.contact
    ? await ports.vault.open(pseudonym, state.contact, { actor: 'privacy-export', requestId })
    : null;
  const document = exportCustomer({
    state,
    contact,
    decisions: await ports.decisionLog.decisions(pseudonym),
    consentHistory: await ports.decisionLog.consentHistory(pseudonym),
    requestId,
    now,
  });
  const objectKey = await ports.sink.write(`exports/${pseudonym}/${requestId}.json`, JSON.stringify(document, null, 2));
  await ports.events.publish([
    { detailType: 'privacy.export_ready', detail: { pseudonym, at: document.exportedAt, requestId, objectKey } },
  ]);
  return { objectKey, messages: document.messages.length };
}

/** One privacy-queue message: `privacy.erasure_requested`, `privacy.export_requested` or a scheduled erasure. */
export async function handlePrivacyMessage(message: PrivacyMessage, ports: PrivacyPorts): Promise<PrivacyResult> {
  if (message.kind === 'erasure-scheduled') {
    const { pseudonym, reason } = message;
    const { itemsDeleted } = await handleErasure(pseudonym, `scheduled:${reason}`, ports);
    ports.telemetry.count(METRIC.erased, { reason });
    return { kind: 'erased', pseudonym, itemsDeleted };
  }
  const received = { 'detail-type': message.detailType, source: message.source, detail: message.detail };
  let event: ReturnType<typeof parseCustomerEvent>;
  try {
    event = parseCustomerEvent(message.detailType, message.detail);
    if (event.type !== 'privacy.erasure_requested' && event.type !== 'privacy.export_requested') {
      throw new InvalidCustomerEventError({
        detailType: event.type,
        eventId: event.eventId,
        issues: [{ field: 'detail-type', rule: 'the privacy queue takes privacy.* requests only' }],
      });
    }
  } catch (error) {
    if (error instanceof InvalidCustomerEventError) return rejectEvent(ports, error, received);
    throw error;
  }
  const pseudonym = await ports.pseudonymizer.pseudonymOf(event.customerId);
  if (event.type === 'privacy.erasure_requested') {
    const { itemsDeleted } = await handleErasure(pseudonym, event.requestId, ports);
    ports.telemetry.count(METRIC.erased, { reason: 'request' });
    ports.telemetry.info('customer erased', { pseudonym, requestId: event.requestId, itemsDeleted });
    return { kind: 'erased', pseudonym, itemsDeleted };
  }
  const { objectKey } = await handleExport(pseudonym, event.requestId, ports);
  ports.telemetry.count(METRIC.exported);
  ports.telemetry.info('customer exported', { pseudonym, requestId: event.requestId, objectKey });
  return { kind: 'exported', pseudonym, objectKey };
}

/** The privacy queue's edge (Lambda and local runtime alike): a body that is not a privacy message is rejected. */
export async function handlePrivacyBody(body: string, ports: PrivacyPorts): Promise<PrivacyResult> {
  const decoded = await decodeOrReject(privacyCodec, body, ports);
  if (!decoded.ok) return { kind: 'rejected', reason: decoded.reason };
  return handlePrivacyMessage(decoded.message, ports);
}
