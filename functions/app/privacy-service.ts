import { InvalidCustomerEventError } from '../../core/errors.ts';
import { erasureScheduledSchema, queueEnvelopeSchema } from '../../core/events/internal.ts';
import { parseCustomerEvent } from '../../core/events/parse.ts';
import type { Pseudonymizer } from '../../core/ports/crypto.ts';
import type { RejectedEvents } from '../../core/ports/messaging.ts';
import { toIso } from '../../core/time.ts';
import {
  type ErasurePorts,
  type ExportPorts,
  eraseCustomerData,
  exportCustomerData,
} from '../../core/use-cases/privacy-requests.ts';
import type { Telemetry } from './telemetry.ts';

export interface PrivacyDeps extends ErasurePorts, ExportPorts {
  pseudonymizer: Pseudonymizer;
  rejected: RejectedEvents;
  telemetry: Telemetry;
}

export type PrivacyResult =
  | { kind: 'erased'; pseudonym: string; itemsDeleted: number }
  | { kind: 'exported'; pseudonym: string; objectKey: string }
  | { kind: 'rejected'; reason: string };

/** One privacy-queue message: `privacy.erasure_requested`, `privacy.export_requested` or a scheduled erasure. */
export async function handlePrivacyMessage(body: string, deps: PrivacyDeps): Promise<PrivacyResult> {
  let raw: unknown = body;
  try {
    raw = JSON.parse(body);
    const envelope = queueEnvelopeSchema.parse(raw);
    if (envelope['detail-type'] === 'privacy.erasure_scheduled') {
      const { pseudonym, reason } = erasureScheduledSchema.parse(envelope.detail);
      const { itemsDeleted } = await eraseCustomerData(pseudonym, `scheduled:${reason}`, deps);
      deps.telemetry.count('Erased', { reason });
      return { kind: 'erased', pseudonym, itemsDeleted };
    }
    const event = parseCustomerEvent(envelope['detail-type'], envelope.detail);
    const pseudonym = await deps.pseudonymizer.pseudonymOf(event.customerId);
    if (event.type === 'privacy.erasure_requested') {
      const { itemsDeleted } = await eraseCustomerData(pseudonym, event.requestId, deps);
      deps.telemetry.count('Erased', { reason: 'request' });
      deps.telemetry.info('customer erased', { pseudonym, requestId: event.requestId, itemsDeleted });
      return { kind: 'erased', pseudonym, itemsDeleted };
    }
    if (event.type === 'privacy.export_requested') {
      const { objectKey } = await exportCustomerData(pseudonym, event.requestId, deps);
      deps.telemetry.count('Exported');
      deps.telemetry.info('customer exported', { pseudonym, requestId: event.requestId, objectKey });
      return { kind: 'exported', pseudonym, objectKey };
    }
    throw new InvalidCustomerEventError(event.type, event.eventId, [
      { field: 'detail-type', rule: 'the privacy queue takes privacy.* requests only' },
    ]);
  } catch (error) {
    const invalid =
      error instanceof InvalidCustomerEventError ||
      error instanceof SyntaxError ||
      (error as Error).name === 'ZodError';
    if (!invalid) throw error;
    const reason = (error as Error).message;
    const issues = error instanceof InvalidCustomerEventError ? error.issues : [];
    await deps.rejected.reject({ reason, issues, raw, rejectedAt: toIso(deps.clock.now()) });
    deps.telemetry.warn('privacy request rejected', { reason });
    return { kind: 'rejected', reason };
  }
}
