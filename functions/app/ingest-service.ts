import { InvalidCustomerEventError } from '../../core/errors.ts';
import { queueEnvelopeSchema, timerDueSchema } from '../../core/events/internal.ts';
import { parseCustomerEvent } from '../../core/events/parse.ts';
import type { RejectedEvents } from '../../core/ports/messaging.ts';
import { toIso } from '../../core/time.ts';
import { type EnginePorts, processCustomerEvent, processTimerDue } from '../../core/use-cases/process-customer.ts';
import { type EdgePorts, protectEvent } from '../../core/use-cases/protect-event.ts';
import { recordDispatched, type Telemetry } from './telemetry.ts';

export interface IngestDeps extends EnginePorts, EdgePorts {
  rejected: RejectedEvents;
  telemetry: Telemetry;
}

export type IngestResult =
  | { kind: 'rejected'; reason: string }
  | { kind: 'event'; pseudonym: string; outcome: string; detailType: string }
  | { kind: 'timer'; pseudonym: string; fired: number };

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new InvalidCustomerEventError(undefined, undefined, [{ field: 'body', rule: 'must be JSON' }]);
  }
}

async function reject(deps: IngestDeps, error: InvalidCustomerEventError, raw: unknown): Promise<IngestResult> {
  await deps.rejected.reject({
    reason: error.message,
    issues: error.issues,
    ...(error.detailType ? { detailType: error.detailType } : {}),
    ...(error.eventId ? { eventId: error.eventId } : {}),
    raw,
    rejectedAt: toIso(deps.clock.now()),
  });
  deps.telemetry.count('Rejected', { detailType: error.detailType ?? 'unknown' });
  deps.telemetry.warn('event rejected', { detailType: error.detailType, eventId: error.eventId, issues: error.issues });
  return { kind: 'rejected', reason: error.message };
}

function envelopeOf(raw: unknown) {
  const envelope = queueEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new InvalidCustomerEventError(undefined, undefined, [
      { field: 'detail-type', rule: 'is required (an EventBridge event)' },
    ]);
  }
  return envelope.data;
}

/**
 * One ingest-queue message: an EventBridge event (validated against the contract; a violation goes to the rejected
 * store and is not retried) or a `timer.due` from the sweeper. Other failures throw, so the queue retries them.
 */
export async function ingestMessage(body: string, deps: IngestDeps): Promise<IngestResult> {
  let raw: unknown = body;
  try {
    raw = parseJson(body);
    const envelope = envelopeOf(raw);
    if (envelope['detail-type'] === 'timer.due') {
      const timer = timerDueSchema.safeParse(envelope.detail);
      if (!timer.success) {
        throw new InvalidCustomerEventError('timer.due', undefined, [{ field: 'detail', rule: timer.error.message }]);
      }
      const result = await processTimerDue(timer.data.pseudonym, deps);
      recordDispatched(deps.telemetry, result.dispatched);
      return { kind: 'timer', pseudonym: timer.data.pseudonym, fired: result.outcome };
    }
    const event = parseCustomerEvent(envelope['detail-type'], envelope.detail);
    const { pseudonym, event: protectedEvent } = await protectEvent(event, deps);
    const result = await processCustomerEvent(pseudonym, protectedEvent, deps);
    deps.telemetry.count('EventsIn', { detailType: event.type });
    recordDispatched(deps.telemetry, result.dispatched);
    return { kind: 'event', pseudonym, outcome: result.outcome, detailType: event.type };
  } catch (error) {
    if (error instanceof InvalidCustomerEventError) return reject(deps, error, raw);
    throw error;
  }
}
