import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature, WebhookSender } from '../../../adapters/channels/webhook.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import { renderedMessage } from './messages.ts';

const secret = 'test-webhook-secret';
const now = Date.UTC(2026, 10, 23, 10, 0, 0);
const kakaoMessage = renderedMessage({
  channel: 'kakao',
  subject: undefined,
  body: '{"templateCode":"cart_reminder","text":"장바구니를 확인해 보세요"}',
});

interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

let server: Server;
let url: string;
let received: Received[] = [];
let reply: { status: number; body: string } = { status: 200, body: '{"id":"kakao-0001"}' };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  reply = { status: 200, body: '{"id":"kakao-0001"}' };
});

const sender = (options: { timeoutMs?: number; fetch?: typeof fetch } = {}) =>
  new WebhookSender({ channel: 'kakao', url, secret, now: () => now, ...options });

async function sendError(): Promise<ChannelSendError> {
  const failure = await sender()
    .send(kakaoMessage, 'kakao-user-1234')
    .catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(ChannelSendError);
  return failure as ChannelSendError;
}

describe('WebhookSender', () => {
  it('posts a signed JSON message that the receiver can verify, with the messageId as idempotency key', async () => {
    const result = await sender().send(kakaoMessage, 'kakao-user-1234');

    expect(result).toEqual({ providerMessageId: 'kakao-0001' });
    const [request] = received;
    expect(request?.headers['idempotency-key']).toBe('cart:3f1c:reminded:1');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-journeys-timestamp']).toBe(String(now));
    const signature = request?.headers['x-journeys-signature'] as string;
    expect(verifyWebhookSignature(secret, String(now), request?.rawBody ?? '', signature, 300_000, now + 1_000)).toBe(
      true,
    );
    expect(JSON.parse(request?.rawBody ?? '')).toEqual({
      messageId: 'cart:3f1c:reminded:1',
      channel: 'kakao',
      category: 'promotional',
      template: 'cart-reminder',
      address: 'kakao-user-1234',
      body: { templateCode: 'cart_reminder', text: '장바구니를 확인해 보세요' },
    });
  });

  it('sends a body that is not JSON as a string and falls back to the messageId as provider id', async () => {
    reply = { status: 202, body: '' };
    const result = await sender().send({ ...kakaoMessage, body: 'plain text' }, 'kakao-user-1234');

    expect(result).toEqual({ providerMessageId: 'cart:3f1c:reminded:1' });
    expect(JSON.parse(received[0]?.rawBody ?? '').body).toBe('plain text');
  });

  it('turns a 503 into a transient ChannelSendError', async () => {
    reply = { status: 503, body: '{"error":"unavailable"}' };
    expect(await sendError()).toMatchObject({ channel: 'kakao', messageId: 'cart:3f1c:reminded:1', transient: true });
  });

  it('turns a 429 into a transient ChannelSendError', async () => {
    reply = { status: 429, body: '' };
    expect((await sendError()).transient).toBe(true);
  });

  it('turns a 400 into a permanent ChannelSendError that does not repeat the response body', async () => {
    reply = { status: 400, body: '{"error":"invalid recipient kakao-user-1234"}' };
    const error = await sendError();
    expect(error.transient).toBe(false);
    expect(error.message).toContain('HTTP 400');
    expect(error.message).not.toContain('kakao-user-1234');
  });

  it('turns a refused connection into a transient ChannelSendError', async () => {
    const closed = new WebhookSender({ channel: 'kakao', url: 'http://127.0.0.1:9/messages', secret });
    await expect(closed.send(kakaoMessage, 'kakao-user-1234')).rejects.toMatchObject({ transient: true });
  });

  it('turns a timeout into a transient ChannelSendError', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const failure = sender({ timeoutMs: 20, fetch: hanging }).send(kakaoMessage, 'kakao-user-1234');
    await expect(failure).rejects.toMatchObject({ name: 'ChannelSendError', transient: true });
  });

  it('rethrows an error it does not recognise', async () => {
    const bug = new RangeError('bug');
    const broken: typeof fetch = () => Promise.reject(bug);
    await expect(sender({ fetch: broken }).send(kakaoMessage, 'kakao-user-1234')).rejects.toBe(bug);
  });

  it('refuses a plain-http endpoint that is not localhost', () => {
    expect(() => new WebhookSender({ channel: 'push', url: 'http://push.example.com/hook', secret })).toThrow(/https/);
  });

  it('refuses a message of another channel without calling the endpoint', async () => {
    await expect(sender().send(renderedMessage(), 'kakao-user-1234')).rejects.toMatchObject({ transient: false });
    expect(received).toHaveLength(0);
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"messageId":"m-1"}';
  const timestamp = String(now);
  const signature = signWebhook(secret, timestamp, body);

  it('accepts the signature of the raw body at its timestamp', () => {
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, timestamp, body, signature, 60_000, now)).toBe(true);
  });

  it('rejects a changed body, another secret, a missing header or a malformed one', () => {
    expect(verifyWebhookSignature(secret, timestamp, `${body} `, signature, 60_000, now)).toBe(false);
    expect(verifyWebhookSignature('other-secret', timestamp, body, signature, 60_000, now)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, undefined, 60_000, now)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, 'sha256=abc', 60_000, now)).toBe(false);
  });

  it('rejects a timestamp outside the tolerance (a replay)', () => {
    expect(verifyWebhookSignature(secret, timestamp, body, signature, 60_000, now + 60_001)).toBe(false);
    expect(verifyWebhookSignature(secret, 'yesterday', body, signature, 60_000, now)).toBe(false);
  });
});
