import type { ContactVault } from '../ports/crypto.ts';
import type { Clock, EventPublisher, ExportSink } from '../ports/messaging.ts';
import type { CustomerEraser, CustomerStore, DecisionLog } from '../ports/store.ts';
import { eraseCustomer } from './erase-customer.ts';
import { exportCustomer } from './export-customer.ts';

export interface ErasurePorts {
  eraser: CustomerEraser;
  events: EventPublisher;
  clock: Clock;
}

/** Deletes every item of the customer, writes the tombstone and announces `privacy.erasure_completed`. */
export async function eraseCustomerData(pseudonym: string, requestId: string, ports: ErasurePorts) {
  const { tombstone, completed } = eraseCustomer(pseudonym, requestId, ports.clock.now());
  const itemsDeleted = await ports.eraser.erase(pseudonym, tombstone.erasedAt as string);
  await ports.events.publish([{ ...completed, detail: { ...completed.detail, itemsDeleted } }]);
  return { erasedAt: tombstone.erasedAt as string, itemsDeleted };
}

export interface ExportPorts {
  store: CustomerStore;
  decisionLog: DecisionLog;
  vault: ContactVault;
  sink: ExportSink;
  events: EventPublisher;
  clock: Clock;
}

/** Writes the customer's export (contact decrypted for this purpose only) and announces `privacy.export_ready`. */
export async function exportCustomerData(pseudonym: string, requestId: string, ports: ExportPorts) {
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
