import { METRIC } from '../contracts/metrics.ts';
import { exportCustomer } from '../engine/customer-export.ts';
import { type PrivacyMessage, privacyCodec } from '../messages/queue-messages.ts';
import type { ContactVault } from '../ports/crypto.ts';
import type { Clock, EventPublisher, ExportSink } from '../ports/messaging.ts';
import type { CustomerEraser, CustomerStore, DecisionLog } from '../ports/store.ts';
import type { Telemetry } from '../ports/telemetry.ts';
import { toIso, toMs } from '../time.ts';

export interface PrivacyPorts {
  store: CustomerStore;
  decisionLog: DecisionLog;
  eraser: CustomerEraser;
  vault: ContactVault;
  sink: ExportSink;
  events: EventPublisher;
  clock: Clock;
  telemetry: Telemetry;
}

export type PrivacyResult =
  | { kind: 'erased'; pseudonym: string; itemsDeleted: number }
  | { kind: 'exported'; pseudonym: string; objectKey: string };

/**
 * The rest of an erasure the engine applied to the customer item (which now holds only the tombstone): every other
 * item of the customer is deleted, the customer's data keys are destroyed (crypto-shredding: every copy of their
 * contact becomes unreadable), then `privacy.erasure_completed` is announced with what the erasure deleted — as
 * counted on its receipt by its first run, however often it is done again.
 */
export async function handleErasure(message: Extract<PrivacyMessage, { kind: 'erasure-due' }>, ports: PrivacyPorts) {
  const { pseudonym, requestId, reason, erasedAt } = message;
  const erasure = { erasedAt, request: requestId ?? `reason:${reason}` };
  const itemsDeleted = await ports.eraser.eraseRecords(pseudonym, erasure);
  const destroyed = await ports.vault.shred(pseudonym, toMs(message.at));
  const keysDestroyed = await ports.eraser.recordKeysDestroyed(pseudonym, erasure, destroyed);
  await ports.events.publish([
    {
      detailType: 'privacy.erasure_completed',
      detail: { pseudonym, at: toIso(ports.clock.now()), erasedAt, reason, requestId, itemsDeleted, keysDestroyed },
    },
  ]);
  return { itemsDeleted, keysDestroyed };
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

/**
 * One privacy-queue message. Privacy requests themselves go through ingest, in event-time order with the customer's
 * other events (decision 0005); what arrives here is the work they leave: an erasure or an export that is due.
 */
export async function handlePrivacyMessage(message: PrivacyMessage, ports: PrivacyPorts): Promise<PrivacyResult> {
  const { pseudonym } = message;
  if (message.kind === 'erasure-due') {
    const { itemsDeleted } = await handleErasure(message, ports);
    ports.telemetry.count(METRIC.erased, { reason: message.reason });
    ports.telemetry.info('customer erased', { pseudonym, requestId: message.requestId, itemsDeleted });
    return { kind: 'erased', pseudonym, itemsDeleted };
  }
  const { objectKey } = await handleExport(pseudonym, message.requestId, ports);
  ports.telemetry.count(METRIC.exported);
  ports.telemetry.info('customer exported', { pseudonym, requestId: message.requestId, objectKey });
  return { kind: 'exported', pseudonym, objectKey };
}

/** The privacy queue's edge: it carries only the orchestrator's own messages, so a body that does not decode throws. */
export async function handlePrivacyBody(body: string, ports: PrivacyPorts): Promise<PrivacyResult> {
  return handlePrivacyMessage(privacyCodec.decode(body), ports);
}
