import * as z from 'zod';
import { ORCHESTRATOR_SOURCE } from '../contracts/sources.ts';
import { InvalidMessageError } from '../errors.ts';
import { type DeliveryRequest, deliveryRequestSchema } from './delivery.ts';
import { pseudonymSchema } from './pseudonym.ts';
import { type RejectedEvent, rejectedEventSchema } from './rejected.ts';

/**
 * The internal queue protocol, owned here: every queue carries one typed union, and this file alone turns it into a
 * message body and back. SQS and the local durable queue store the encoded body; in-process paths pass the objects.
 */

/** An event the bus routed to a queue: the contract is checked later, by the use case, with a rejection reason. */
export interface CustomerEventMessage {
  kind: 'customer-event';
  detailType: string;
  detail: unknown;
  source?: string;
}

/**
 * An inbound event whose customer is known only by pseudonym, from one of our own edges (a one-click unsubscribe
 * link carries no customer id): checked against the same contract as any event, minus the customer id, by ingest.
 */
export interface PseudonymousEventMessage {
  kind: 'pseudonymous-event';
  pseudonym: string;
  detailType: string;
  detail: unknown;
}

/** The sweeper found the customer's `wakeAt` passed. */
export interface TimerDueMessage {
  kind: 'timer-due';
  pseudonym: string;
}

/**
 * The engine erased the customer item (a request, or an account closed and its grace over): the privacy function
 * deletes what lies outside the item and destroys the customer's keys.
 */
export interface ErasureDueMessage {
  kind: 'erasure-due';
  pseudonym: string;
  reason: string;
  erasedAt: string;
  /** When the engine wrote the tombstone: the customer's keys created up to then are destroyed. */
  at: string;
  requestId?: string;
}

/** A requested export's wait for late events is over: the privacy function writes it. */
export interface ExportDueMessage {
  kind: 'export-due';
  pseudonym: string;
  requestId: string;
}

export type IngestMessage = CustomerEventMessage | PseudonymousEventMessage | TimerDueMessage;
export type PrivacyMessage = ErasureDueMessage | ExportDueMessage;

/** How one queue's messages become bodies and back; `decode` throws `InvalidMessageError`. */
export interface QueueCodec<T> {
  readonly queue: string;
  encode(message: T): string;
  decode(body: string): T;
}

const TIMER_DUE = 'timer.due';
const PSEUDONYMOUS_EVENT = 'event.by_pseudonym';
const ERASURE_DUE = 'privacy.erasure_due';
const EXPORT_DUE = 'privacy.export_due';

/** The envelope EventBridge gives SQS targets, which our own internal messages reuse. */
const envelopeSchema = z.object({
  'detail-type': z.string({ error: 'is required (an EventBridge event)' }).min(1),
  source: z.string().optional(),
  detail: z.unknown(),
});
const timerDueSchema = z.strictObject({ pseudonym: pseudonymSchema });
const pseudonymousEventSchema = z.strictObject({
  pseudonym: pseudonymSchema,
  detailType: z.string().min(1).max(256),
  detail: z.unknown(),
});
const erasureDueSchema = z.strictObject({
  pseudonym: pseudonymSchema,
  reason: z.string().min(1),
  erasedAt: z.iso.datetime(),
  at: z.iso.datetime(),
  requestId: z.string().min(1).optional(),
});
const exportDueSchema = z.strictObject({ pseudonym: pseudonymSchema, requestId: z.string().min(1) });

/** Checks a value against `schema`; a failure is an `InvalidMessageError` naming each field under `at`. */
function check<S extends z.ZodType>(queue: string, schema: S, value: unknown, at: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    field: [at, ...issue.path.map(String)].join('.'),
    rule: issue.message,
  }));
  throw new InvalidMessageError({ queue, issues, cause: parsed.error });
}

/** Parses a body as JSON and checks it against `schema`; any failure is one `InvalidMessageError`. */
export function parseQueueMessage<S extends z.ZodType>(queue: string, schema: S, body: string): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (cause) {
    throw new InvalidMessageError({ queue, issues: [{ field: 'body', rule: 'must be JSON' }], cause });
  }
  return check(queue, schema, raw, 'body');
}

function internalBody(detailType: string, detail: unknown): string {
  return JSON.stringify({ 'detail-type': detailType, source: ORCHESTRATOR_SOURCE, detail });
}

function customerEventBody(message: CustomerEventMessage): string {
  return JSON.stringify({ 'detail-type': message.detailType, source: message.source, detail: message.detail });
}

/** Decodes an envelope; `internal` maps our own detail-types (only from our own source) to their messages. */
function decodeEnvelope<T>(queue: string, body: string, internal: Record<string, (detail: unknown) => T>) {
  const envelope = parseQueueMessage(queue, envelopeSchema, body);
  const detailType = envelope['detail-type'];
  const decodeInternal = Object.hasOwn(internal, detailType) ? internal[detailType] : undefined;
  if (decodeInternal && envelope.source === ORCHESTRATOR_SOURCE) return decodeInternal(envelope.detail);
  const message: CustomerEventMessage = { kind: 'customer-event', detailType, detail: envelope.detail };
  if (envelope.source !== undefined) message.source = envelope.source;
  return message;
}

function detailOf<S extends z.ZodType>(queue: string, schema: S, detail: unknown): z.infer<S> {
  return check(queue, schema, detail, 'body.detail');
}

function encodeIngest(message: IngestMessage): string {
  if (message.kind === 'timer-due') return internalBody(TIMER_DUE, { pseudonym: message.pseudonym });
  if (message.kind === 'customer-event') return customerEventBody(message);
  const { kind: _kind, ...detail } = message;
  return internalBody(PSEUDONYMOUS_EVENT, detail);
}

export const ingestCodec: QueueCodec<IngestMessage> = {
  queue: 'ingest',
  encode: encodeIngest,
  decode: (body) =>
    decodeEnvelope<IngestMessage>('ingest', body, {
      [TIMER_DUE]: (detail) => ({ kind: 'timer-due', ...detailOf('ingest', timerDueSchema, detail) }),
      [PSEUDONYMOUS_EVENT]: (detail) => {
        const { pseudonym, detailType, detail: inner } = detailOf('ingest', pseudonymousEventSchema, detail);
        return { kind: 'pseudonymous-event', pseudonym, detailType, detail: inner };
      },
    }),
};

export const privacyCodec: QueueCodec<PrivacyMessage> = {
  queue: 'privacy',
  encode: ({ kind, ...detail }) => internalBody(kind === 'erasure-due' ? ERASURE_DUE : EXPORT_DUE, detail),
  decode: (body) => {
    const envelope = parseQueueMessage('privacy', envelopeSchema, body);
    const detailType = envelope['detail-type'];
    if (envelope.source === ORCHESTRATOR_SOURCE && detailType === ERASURE_DUE) {
      return { kind: 'erasure-due', ...detailOf('privacy', erasureDueSchema, envelope.detail) };
    }
    if (envelope.source === ORCHESTRATOR_SOURCE && detailType === EXPORT_DUE) {
      return { kind: 'export-due', ...detailOf('privacy', exportDueSchema, envelope.detail) };
    }
    throw new InvalidMessageError({
      queue: 'privacy',
      issues: [
        { field: 'body.detail-type', rule: `must be ${ERASURE_DUE} or ${EXPORT_DUE} from ${ORCHESTRATOR_SOURCE}` },
      ],
    });
  },
};

export const deliveryCodec: QueueCodec<DeliveryRequest> = {
  queue: 'delivery',
  encode: (message) => JSON.stringify(message),
  decode: (body) => parseQueueMessage('delivery', deliveryRequestSchema, body),
};

export const rejectedCodec: QueueCodec<RejectedEvent> = {
  queue: 'rejected',
  encode: (message) => JSON.stringify(message),
  decode: (body) => parseQueueMessage('rejected', rejectedEventSchema, body),
};
