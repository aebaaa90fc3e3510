import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UnsubscribeRequest, UnsubscribeResponse } from '../../core/use-cases/handle-unsubscribe.ts';

export interface UnsubscribeEndpointOptions {
  /** 127.0.0.1 only. Port 0 picks a free one. */
  port: number;
  /** The use case behind the endpoint (`handleUnsubscribeRequest` with its ports). */
  handle: (request: UnsubscribeRequest) => Promise<UnsubscribeResponse>;
}

export const UNSUBSCRIBE_PATH = '/unsubscribe';
/** A one-click POST is one short form field; anything much larger is not an unsubscribe. */
const MAX_BODY_BYTES = 16 * 1024;

const plain = (status: number, text: string): UnsubscribeResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: text,
});

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(undefined));
  });
}

async function answer(request: IncomingMessage, options: UnsubscribeEndpointOptions): Promise<UnsubscribeResponse> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== UNSUBSCRIBE_PATH) return plain(404, 'Not found');
  const body = await readBody(request);
  if (body === undefined) return plain(413, 'Request body too large');
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const contentType = header('content-type');
  const acceptLanguage = header('accept-language');
  return options.handle({
    method: request.method ?? 'GET',
    query: url.search.replace(/^\?/, ''),
    body,
    ...(contentType ? { contentType } : {}),
    ...(acceptLanguage ? { acceptLanguage } : {}),
  });
}

/**
 * The local runtime's one-click unsubscribe endpoint, `http://127.0.0.1:<port>/unsubscribe`: a thin HTTP shell
 * around the same use case the Lambda function URL runs.
 */
export async function startUnsubscribeEndpoint(
  options: UnsubscribeEndpointOptions,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    answer(request, options)
      .catch(() => plain(500, 'Internal error'))
      .then(({ status, headers, body }) => {
        response.writeHead(status, headers);
        response.end(request.method === 'HEAD' ? undefined : body);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${UNSUBSCRIBE_PATH}`, server };
}
