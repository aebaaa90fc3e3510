import { METRIC } from '../contracts/metrics.ts';
import { InvalidCustomerEventError } from '../errors.ts';
import { eventTimeIssue } from '../events/event-time.ts';
import { parseCustomerEvent } from '../events/parse.ts';
import { type CustomerEventMessage, type IngestMessage, ingestCodec } from '../messages/queue-messages.ts';
import { countDispatched } from './count-dispatched.ts';
import { type EdgePorts, protectEvent } from './protect-event.ts';
import { decodeOrReject, type RejectPorts, rejectEvent } from './reject-event.ts';
import { type EnginePorts, handleCustomerEvent, handleTimerDue } from './with-customer.ts';

export interface IngestPorts extends EnginePorts, EdgePorts, RejectPorts {}

export type IngestResult =
  | { kind: 'rejected'; reason: string }
  | { kind: 'event'; pseudonym: string; outcome: string; detailType: string }
  | { kind: 'timer'; pseudonym: string; fired: number };

/** The event as the bus delivered it, for the rejected store. */
function asReceived(message: CustomerEventMessage): unknown {
  return { 'detail-type': message.detailType, source: message.source, detail: message.detail };
}

/**
 * One ingest-queue message: a customer event (checked against the contract; a violation goes to the rejected store
 * and is not retried) or a `timer.due` from the sweeper. Other failures throw, so the queue retries them.
 */
export async function handleIngestMessage(message: IngestMessage, ports: IngestPorts): Promise<IngestResult> {
  if (message.kind === 'timer-due') {
    const result = await handleTimerDue(message.pseudonym, ports);
    countDispatched(ports.telemetry, result.dispatched);
    return { kind: 'timer', pseudonym: message.pseudonym, fired: result.outcome };
  }
  let event: ReturnType<typeof parseCustomerEvent>;
  try {
    event = parseCustomerEvent(message.detailType, message.detail);
    const { eventTime, dedupe } = ports.policy;
    const issue = eventTimeIssue(event.occurredAt, ports.clock.now(), eventTime, dedupe.horizon);
    if (issue) throw new InvalidCustomerEventError({ detailType: event.type, eventId: event.eventId, issues: [issue] });
  } catch (error) {
    if (error instanceof InvalidCustomerEventError) return rejectEvent(ports, error, asReceived(message));
    throw error;
  }
  const { pseudonym, event: protectedEvent } = await protectEvent(event, ports);
  const result = await handleCustomerEvent(pseudonym, protectedEvent, ports);
  ports.telemetry.count(METRIC.eventsIn, { detailType: event.type });
  countDispatched(ports.telemetry, result.dispatched);
  return { kind: 'event', pseudonym, outcome: result.outcome, detailType: event.type };
}

/** The ingest queue's edge (Lambda and local runtime alike): a body that is not a ingest message is rejected. */
export async function handleIngestBody(body: string, ports: IngestPorts): Promise<IngestResult> {
  const decoded = await decodeOrReject(ingestCodec, body, ports);
  if (!decoded.ok) return { kind: 'rejected', reason: decoded.reason };
  return handleIngestMessage(decoded.message, ports);
}
