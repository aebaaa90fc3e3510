import { redactIdentifiers } from '../content/redaction.ts';
import { METRIC } from '../contracts/metrics.ts';
import { InvalidCustomerEventError, InvalidMessageError } from '../errors.ts';
import type { QueueCodec } from '../messages/queue-messages.ts';
import type { RejectedEvent } from '../messages/rejected.ts';
import type { Clock } from '../ports/messaging.ts';
import type { MessageQueue } from '../ports/queue.ts';
import type { Telemetry } from '../ports/telemetry.ts';
import { toIso } from '../time.ts';

export interface RejectPorts {
  rejected: MessageQueue<RejectedEvent>;
  telemetry: Telemetry;
  clock: Clock;
}

/**
 * Keeps an event that broke the contract in the rejected store, with its reason and its identifier values redacted;
 * it is not retried.
 */
export async function rejectEvent(
  ports: RejectPorts,
  error: InvalidCustomerEventError | InvalidMessageError,
  raw: unknown,
): Promise<{ kind: 'rejected'; reason: string }> {
  const { detailType, eventId } = error instanceof InvalidCustomerEventError ? error : {};
  // The whole record is redacted: a reason or an issue can quote what the publisher sent (a key, an eventId).
  const record = redactIdentifiers({
    reason: error.message,
    issues: error.issues,
    ...(detailType ? { detailType } : {}),
    ...(eventId ? { eventId } : {}),
    raw,
  }) as Omit<RejectedEvent, 'rejectedAt'>;
  await ports.rejected.send([{ ...record, rejectedAt: toIso(ports.clock.now()) }]);
  ports.telemetry.count(METRIC.rejected, { detailType: record.detailType ?? 'unknown' });
  ports.telemetry.warn('event rejected', {
    detailType: record.detailType,
    eventId: record.eventId,
    issues: record.issues,
  });
  return { kind: 'rejected', reason: record.reason };
}

/**
 * The edge of the ingest and privacy queues: decodes a body into its typed message, or keeps it in the rejected
 * store with the reason when it is not one (invalid input is never retried).
 */
export async function decodeOrReject<T>(
  codec: QueueCodec<T>,
  body: string,
  ports: RejectPorts,
): Promise<{ ok: true; message: T } | { ok: false; reason: string }> {
  try {
    return { ok: true, message: codec.decode(body) };
  } catch (error) {
    if (!(error instanceof InvalidMessageError)) throw error;
    return { ok: false, reason: (await rejectEvent(ports, error, body)).reason };
  }
}
