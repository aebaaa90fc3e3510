import { METRIC } from '../contracts/metrics.ts';
import { applyCustomerEvent } from '../engine/apply-customer-event.ts';
import { InvalidCustomerEventError } from '../errors.ts';
import { eventTimeIssue } from '../events/event-time.ts';
import { parseCustomerEvent, parsePseudonymousEvent } from '../events/parse.ts';
import {
  type CustomerEventMessage,
  type IngestMessage,
  ingestCodec,
  type PseudonymousEventMessage,
} from '../messages/queue-messages.ts';
import { countDispatched } from './count-dispatched.ts';
import { type EdgePorts, protectEvent } from './protect-event.ts';
import { decodeOrReject, type RejectPorts, rejectEvent } from './reject-event.ts';
import { type EnginePorts, handleCustomerEvent, handleTimerDue, withCustomer } from './with-customer.ts';

export interface IngestPorts extends EnginePorts, EdgePorts, RejectPorts {}

export type IngestResult =
  | { kind: 'rejected'; reason: string }
  | { kind: 'event'; pseudonym: string; outcome: string; detailType: string }
  | { kind: 'timer'; pseudonym: string; fired: number };

/** The event as the bus (or our own edge) delivered it, for the rejected store. */
function asReceived(message: CustomerEventMessage | PseudonymousEventMessage): unknown {
  if (message.kind === 'pseudonymous-event') return { 'detail-type': message.detailType, detail: message.detail };
  return { 'detail-type': message.detailType, source: message.source, detail: message.detail };
}

type Checked<T> = { ok: true; event: T } | { ok: false; rejected: IngestResult };

/** The contract check every inbound event gets, event time included; a violation goes to the rejected store. */
async function checked<T extends { type: string; eventId: string; occurredAt: string }>(
  message: CustomerEventMessage | PseudonymousEventMessage,
  parse: () => T,
  ports: IngestPorts,
): Promise<Checked<T>> {
  try {
    const event = parse();
    const { eventTime, dedupe } = ports.policy;
    const issue = eventTimeIssue(event.occurredAt, ports.clock.now(), eventTime, dedupe.horizon);
    if (issue) throw new InvalidCustomerEventError({ detailType: event.type, eventId: event.eventId, issues: [issue] });
    return { ok: true, event };
  } catch (error) {
    if (error instanceof InvalidCustomerEventError) {
      return { ok: false, rejected: await rejectEvent(ports, error, asReceived(message)) };
    }
    throw error;
  }
}

/**
 * An event of a customer known only by pseudonym (a one-click unsubscribe): checked like any event, then applied to
 * that customer if they exist. Nobody is created from a pseudonym alone: an unknown one changes nothing.
 */
async function handlePseudonymousEvent(message: PseudonymousEventMessage, ports: IngestPorts): Promise<IngestResult> {
  const check = await checked(message, () => parsePseudonymousEvent(message.detailType, message.detail), ports);
  if (!check.ok) return check.rejected;
  const { event } = check;
  const result = await withCustomer(message.pseudonym, ports, (state, ctx) =>
    state.v === 0 ? { state, outcome: 'unknown_customer' } : applyCustomerEvent(state, event, ctx),
  );
  ports.telemetry.count(METRIC.eventsIn, { detailType: event.type });
  countDispatched(ports.telemetry, result.dispatched);
  return { kind: 'event', pseudonym: message.pseudonym, outcome: result.outcome, detailType: event.type };
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
  if (message.kind === 'pseudonymous-event') return handlePseudonymousEvent(message, ports);
  const check = await checked(message, () => parseCustomerEvent(message.detailType, message.detail), ports);
  if (!check.ok) return check.rejected;
  const { event } = check;
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
