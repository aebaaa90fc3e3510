import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EntryResult, PutEventsValidationError, validateEntry, validateRequest } from './put-events-validation.ts';

/** An accepted event in the shape EventBridge hands to SQS targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface PutEventsEndpointOptions {
  /** 127.0.0.1 only. Port 0 picks a free one. */
  port: number;
  busName: string;
  /**
   * Receives the accepted events of one request for the named bus, in request order, all at once; the entries are
   * acknowledged (EventIds returned) only after it resolves, so it must make them durable. Events for other buses
   * are only counted.
   */
  onEvents: (events: BusEvent[]) => Promise<void>;
  onOtherBus?: (busName: string, count: number) => void;
  now?: () => number;
}

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A body over the limit is still read (and thrown away) up to this size, so the 413 reaches the client and its
 * keep-alive connection stays usable; a larger one gets the 413 and the connection is closed.
 */
const MAX_DISCARDED_BYTES = 16 * 1024 * 1024;

type Body = { kind: 'read'; text: string } | { kind: 'too-large'; keepAlive: boolean } | { kind: 'aborted' };

function send(response: ServerResponse, status: number, body: unknown, close = false): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomUUID(),
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(JSON.stringify(body));
}

/** Reads the request body: its text, or that it was over the limit, or that the client went away first. */
function readBody(request: IncomingMessage): Promise<Body> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_DISCARDED_BYTES) {
    return Promise.resolve({ kind: 'too-large', keepAlive: false });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
      if (size > MAX_DISCARDED_BYTES) {
        request.pause();
        resolve({ kind: 'too-large', keepAlive: false });
      }
    });
    request.on('end', () =>
      resolve(
        size > MAX_BODY_BYTES
          ? { kind: 'too-large', keepAlive: true }
          : { kind: 'read', text: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    request.on('error', () => resolve({ kind: 'aborted' }));
    request.on('close', () => resolve({ kind: 'aborted' }));
  });
}

function busNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  return value.startsWith('arn:') ? (value.split('/').pop() ?? value) : value;
}

/** Checks every entry of a request before any is handed on: per-entry results and the accepted events. */
function checkRequest(body: unknown, busName: string, now: () => number) {
  const results: EntryResult[] = [];
  const accepted: BusEvent[] = [];
  const otherBuses = new Map<string, number>();
  for (const entry of validateRequest(body)) {
    const checked = validateEntry(entry);
    if (!checked.ok) {
      results.push(checked.result);
      continue;
    }
    const id = randomUUID();
    results.push({ EventId: id });
    const bus = busNameOf(entry.EventBusName);
    if (bus !== busName) {
      otherBuses.set(bus, (otherBuses.get(bus) ?? 0) + 1);
      continue;
    }
    accepted.push({
      version: '0',
      id,
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account: '000000000000',
      time: new Date(checked.time ?? now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: 'local',
      resources: checked.resources,
      detail: checked.detail,
    });
  }
  return { results, accepted, otherBuses };
}

/**
 * A local EventBridge endpoint for `PutEvents` (JSON 1.1 protocol, `X-Amz-Target: AWSEvents.PutEvents`), so a stock
 * `@aws-sdk/client-eventbridge` client or `aws events put-events --endpoint-url` can publish.
 */
export async function startPutEventsEndpoint(
  options: PutEventsEndpointOptions,
): Promise<{ url: string; server: Server }> {
  const now = options.now ?? Date.now;
  const server = createServer(async (request, response) => {
    try {
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
        send(response, 400, {
          __type: 'UnknownOperationException',
          message: 'Only AWSEvents.PutEvents is served here',
        });
        return;
      }
      const body = await readBody(request);
      if (body.kind === 'aborted') return;
      if (body.kind === 'too-large') {
        send(response, 413, { __type: 'ValidationException', message: 'Request body is too large.' }, !body.keepAlive);
        const { socket } = request;
        if (!body.keepAlive) response.once('finish', () => socket.destroy());
        return;
      }
      const { results, accepted, otherBuses } = checkRequest(JSON.parse(body.text), options.busName, now);
      if (accepted.length > 0) await options.onEvents(accepted);
      for (const [bus, count] of otherBuses) options.onOtherBus?.(bus, count);
      const failed = results.filter((result) => 'ErrorCode' in result).length;
      send(response, 200, { FailedEntryCount: failed, Entries: results });
    } catch (error) {
      if (error instanceof PutEventsValidationError) {
        send(response, 400, { __type: error.name, message: error.message });
      } else if (error instanceof SyntaxError) {
        send(response, 400, {
          __type: 'SerializationException',
          message: 'Start of structure or map found where not expected.',
        });
      } else {
        send(response, 500, { __type: 'InternalException', message: (error as Error).message });
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
