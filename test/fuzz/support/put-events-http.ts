import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** PutEvents over plain HTTP, so a test can send what no SDK would: any method, target, headers and body. */

export const PUT_EVENTS = 'AWSEvents.PutEvents';

export interface Answer {
  status: number;
  body: { __type?: string; message?: string; FailedEntryCount?: number; Entries?: unknown[] } | undefined;
  /** The client's port: the same port twice means the same (keep-alive) connection. */
  port?: number | undefined;
}

export interface RawRequest {
  method?: string;
  target?: string | undefined;
  body?: string | Uint8Array;
  /** Send the body chunked (no content-length), in pieces of this many bytes. */
  chunked?: number;
}

function parse(text: string): Answer['body'] {
  try {
    return JSON.parse(text) as Answer['body'];
  } catch {
    return undefined;
  }
}

/** A client on one keep-alive connection at a time, which reports the connection each answer came on. */
export function keepAliveClient(endpoint: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (raw: RawRequest): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const body = typeof raw.body === 'string' ? Buffer.from(raw.body, 'utf8') : Buffer.from(raw.body ?? []);
      const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
      if (raw.target !== undefined) headers['x-amz-target'] = raw.target;
      if (!raw.chunked && raw.method !== 'GET') headers['content-length'] = String(body.length);
      const call = request(endpoint, { method: raw.method ?? 'POST', agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: parse(Buffer.concat(chunks).toString('utf8')),
            port: call.socket?.localPort,
          }),
        );
      });
      call.on('error', reject);
      if (raw.chunked) {
        for (let offset = 0; offset < body.length; offset += raw.chunked) {
          call.write(body.subarray(offset, offset + raw.chunked));
        }
        call.end();
      } else if (raw.method === 'GET') call.end();
      else call.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** Writes bytes on a fresh TCP connection and returns whatever comes back before the server closes or `waitMs`. */
export function onTheWire(endpoint: string, pieces: ReadonlyArray<string | Uint8Array>, waitMs = 300): Promise<string> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    const done = () => {
      socket.destroy();
      resolve(Buffer.concat(received).toString('latin1'));
    };
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      for (const piece of pieces) socket.write(piece);
      setTimeout(done, waitMs);
    });
  });
}

/** An HTTP/1.1 PutEvents request as bytes, with a content-length that may lie. */
export function wireRequest(body: string, options: { contentLength?: number; close?: boolean } = {}): string {
  const length = options.contentLength ?? Buffer.byteLength(body);
  return (
    `POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-amz-target: ${PUT_EVENTS}\r\n` +
    `content-type: application/x-amz-json-1.1\r\ncontent-length: ${length}\r\n` +
    `connection: ${options.close ? 'close' : 'keep-alive'}\r\n\r\n${body}`
  );
}
