import { randomUUID } from 'node:crypto';
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { DEFAULT_BUS_NAME } from '../../core/contracts/sources.ts';
import { InvalidCustomerEventError } from '../../core/errors.ts';
import { parseCustomerEvent } from '../../core/events/parse.ts';
import type { DetailType, EventDetail } from '../../core/events/schemas.ts';
import { defaultRetryPolicy, type RetryPolicy } from '../retry.ts';

/** EventBridge limits per PutEvents request. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

/** Per-entry error codes that will fail again however often they are retried. */
const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'InvalidArgument',
  'MalformedDetail',
  'AccessDeniedException',
  'NotAuthorizedForSourceException',
  'NotAuthorizedForDetailTypeException',
  'ResourceNotFoundException',
  'ValidationException',
]);

type Envelope = 'v' | 'eventId' | 'occurredAt';

/** A detail as publishers write it: `v`, `eventId` and `occurredAt` are filled in when missing. */
export type CustomerEventInput<T extends DetailType> = Omit<EventDetail<T>, Envelope> &
  Partial<Pick<EventDetail<T>, Envelope>>;

/** One event: the detail-type decides the shape of the detail (`order.placed` needs an order). */
export type CustomerEventEntry = {
  [T in DetailType]: {
    detailType: T;
    detail: CustomerEventInput<T>;
    /** Overrides the batch's `source` for this event. */
    source?: string;
  };
}[DetailType];

export interface PublishOptions {
  /** @default 'journeys' */
  busName?: string;
  /** Who publishes, e.g. `shop.web`; rules match on the detail-type, not on the source. */
  source: string;
  /** Retries of entries that failed with a transient error; @default 5 attempts with exponential backoff. */
  retry?: RetryPolicy;
  /** Clock for a missing `occurredAt`; @default Date.now */
  now?: () => number;
}

export type PublishCustomerEventInput = PublishOptions & CustomerEventEntry;

export interface PublishCustomerEventsInput extends PublishOptions {
  events: readonly CustomerEventEntry[];
}

/** The fate of one event, in input order. `eventId` is the detail's eventId (the one ingest deduplicates on). */
export type PublishResult =
  | { ok: true; detailType: DetailType; eventId: string; busEventId: string; attempts: number }
  | { ok: false; detailType: DetailType; eventId: string; errorCode: string; errorMessage: string; attempts: number };

/** EventBridge did not accept an event even after the retries; the event was not published. */
export class CustomerEventPublishError extends Error {
  override name = 'CustomerEventPublishError';
  readonly detailType: string;
  readonly eventId: string;
  readonly errorCode: string;
  constructor(result: Extract<PublishResult, { ok: false }>, options?: { cause?: unknown }) {
    super(
      `PutEvents did not accept ${result.detailType} ${result.eventId} after ${result.attempts} attempt(s): ` +
        `${result.errorCode} ${result.errorMessage}`,
      options,
    );
    this.detailType = result.detailType;
    this.eventId = result.eventId;
    this.errorCode = result.errorCode;
  }
}

interface Prepared {
  detailType: DetailType;
  eventId: string;
  entry: PutEventsRequestEntry;
  size: number;
}

function prepare(event: CustomerEventEntry, options: PublishOptions, index: number | undefined): Prepared {
  const now = options.now ?? Date.now;
  const { v, eventId, occurredAt, ...payload } = event.detail as Record<string, unknown>;
  const detail: Record<string, unknown> = {
    v: v ?? 1,
    eventId: eventId ?? randomUUID(),
    occurredAt: occurredAt ?? new Date(now()).toISOString(),
    ...payload,
  };
  const at = (field: string) => (index === undefined ? field : `events[${index}].${field}`);
  try {
    parseCustomerEvent(event.detailType, detail);
  } catch (error) {
    if (!(error instanceof InvalidCustomerEventError) || index === undefined) throw error;
    const issues = error.issues.map((issue) => ({ ...issue, field: at(issue.field) }));
    throw new InvalidCustomerEventError({ detailType: error.detailType, eventId: error.eventId, issues, cause: error });
  }
  const source = event.source ?? options.source;
  if (!source) throw new TypeError(`${at('source')} is required (e.g. "shop.web")`);
  const entry: PutEventsRequestEntry = {
    EventBusName: options.busName ?? DEFAULT_BUS_NAME,
    Source: source,
    DetailType: event.detailType,
    Detail: JSON.stringify(detail),
  };
  const size = Buffer.byteLength(source) + Buffer.byteLength(event.detailType) + Buffer.byteLength(entry.Detail ?? '');
  if (size >= MAX_REQUEST_BYTES) {
    throw new InvalidCustomerEventError({
      detailType: event.detailType,
      eventId: detail.eventId as string,
      issues: [{ field: at('detail'), rule: 'must be under 256 KB once serialised (EventBridge limit)' }],
    });
  }
  return { detailType: event.detailType, eventId: detail.eventId as string, entry, size };
}

/** Chunks of at most 10 entries and under 256 KB each, as PutEvents requires. */
function chunksOf(prepared: readonly Prepared[]): Prepared[][] {
  const chunks: Prepared[][] = [];
  let current: Prepared[] = [];
  let bytes = 0;
  for (const each of prepared) {
    if (current.length === MAX_ENTRIES || bytes + each.size >= MAX_REQUEST_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(each);
    bytes += each.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

async function sendChunk(
  client: EventBridgeClient,
  chunk: readonly Prepared[],
  retry: RetryPolicy,
): Promise<Map<Prepared, PublishResult>> {
  const results = new Map<Prepared, PublishResult>();
  let pending = [...chunk];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > 1) await retry.sleep(retry.baseDelayMs * 2 ** (attempt - 2));
    const response = await client.send(new PutEventsCommand({ Entries: pending.map((each) => each.entry) }));
    const retryLater: Prepared[] = [];
    pending.forEach((each, index) => {
      const answer: PutEventsResultEntry = response.Entries?.[index] ?? {};
      const { detailType, eventId } = each;
      if (!answer.ErrorCode && answer.EventId) {
        results.set(each, { ok: true, detailType, eventId, busEventId: answer.EventId, attempts: attempt });
        return;
      }
      const errorCode = answer.ErrorCode ?? 'MissingResult';
      const errorMessage = answer.ErrorMessage ?? 'PutEvents returned no result for this entry';
      if (!PERMANENT_ERRORS.has(errorCode) && attempt < retry.maxAttempts) retryLater.push(each);
      else results.set(each, { ok: false, detailType, eventId, errorCode, errorMessage, attempts: attempt });
    });
    pending = retryLater;
  }
  return results;
}

/**
 * Publishes customer events to the journeys bus. Every detail is checked against the event contract first (the
 * same zod schemas ingest uses); one invalid event throws `InvalidCustomerEventError` naming `events[i].detail.…`
 * and nothing is sent. Then PutEvents in chunks of 10; entries that fail transiently (throttling, internal errors)
 * are retried with backoff a bounded number of times. Returns one result per event, in input order.
 */
export async function publishCustomerEvents(
  client: EventBridgeClient,
  input: PublishCustomerEventsInput,
): Promise<PublishResult[]> {
  const prepared = input.events.map((event, index) => prepare(event, input, index));
  const retry = input.retry ?? defaultRetryPolicy;
  const results = new Map<Prepared, PublishResult>();
  for (const chunk of chunksOf(prepared)) {
    for (const [each, result] of await sendChunk(client, chunk, retry)) results.set(each, result);
  }
  return prepared.map((each) => results.get(each) as PublishResult);
}

/**
 * Publishes one customer event; see `publishCustomerEvents`. Throws `InvalidCustomerEventError` before any call when
 * the detail breaks the contract, and `CustomerEventPublishError` when EventBridge still refuses it after the retries.
 */
export async function publishCustomerEvent(
  client: EventBridgeClient,
  input: PublishCustomerEventInput,
): Promise<{ eventId: string; busEventId: string }> {
  const { busName, source, retry, now, ...event } = input;
  const options: PublishOptions = { source, ...(busName ? { busName } : {}), ...(now ? { now } : {}) };
  const prepared = prepare(event as CustomerEventEntry, options, undefined);
  const [result] = (await sendChunk(client, [prepared], retry ?? defaultRetryPolicy)).values();
  if (!result?.ok) throw new CustomerEventPublishError(result as Extract<PublishResult, { ok: false }>);
  return { eventId: result.eventId, busEventId: result.busEventId };
}
