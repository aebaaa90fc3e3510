import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnsubscribeTokens } from '../../../adapters/crypto/unsubscribe-tokens.ts';
import { fromBase64Url, toBase64Url } from '../../../core/content/base64url.ts';
import { parsePseudonymousEvent } from '../../../core/events/parse.ts';
import type { IngestMessage } from '../../../core/messages/queue-messages.ts';
import {
  handleUnsubscribeRequest,
  type UnsubscribePorts,
  type UnsubscribeRequest,
} from '../../../core/use-cases/handle-unsubscribe.ts';

const pseudonym = 'b3f1c0a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1';
const now = Date.parse('2026-11-23T10:00:00Z');
const tokens = UnsubscribeTokens.fromSecret(randomBytes(32));
const valid = tokens.issue(pseudonym, { channel: 'email', purpose: 'marketing', expiresAt: now + 86_400_000 });
const quiet = { info: () => {}, warn: () => {}, error: () => {}, count: () => {} };

function endpoint(options: { failing?: boolean } = {}) {
  const enqueued: IngestMessage[] = [];
  const ports: UnsubscribePorts = {
    tokens,
    ingest: {
      send: async (messages) => {
        if (options.failing) throw new Error('SQS unavailable');
        enqueued.push(...messages);
      },
    },
    clock: { now: () => now },
    newEventId: randomUUID,
    sender: { name: 'Example <Shop>', contact: 'help@shop.example.com', shopUrl: 'https://shop.example.com' },
    telemetry: quiet,
  };
  const call = (request: Partial<UnsubscribeRequest>) =>
    handleUnsubscribeRequest({ method: 'GET', query: `t=${valid}`, body: '', ...request }, ports);
  return { call, enqueued };
}

const oneClick = {
  method: 'POST',
  body: 'List-Unsubscribe=One-Click',
  contentType: 'application/x-www-form-urlencoded',
};

describe('one-click unsubscribe endpoint', () => {
  it('answers a GET with a page whose button posts back, and changes nothing (link scanners open links)', async () => {
    const { call, enqueued } = endpoint();
    const page = await call({ method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain(`<form method="post" action="?t=${valid}&amp;l=en">`);
    expect(page.body).toContain('Stop receiving marketing messages by email from Example &lt;Shop&gt;?');
    expect(page.body).not.toContain(pseudonym);
    expect(enqueued).toEqual([]);
  });

  it("turns a mail client's one-click POST into consent.changed granted false, valid under the event contract", async () => {
    const { call, enqueued } = endpoint();
    const page = await call(oneClick);
    expect(page.status).toBe(200);
    expect(page.body).toContain('You are unsubscribed');
    expect(enqueued).toHaveLength(1);
    const [message] = enqueued;
    expect(message).toMatchObject({ kind: 'pseudonymous-event', pseudonym, detailType: 'consent.changed' });
    const detail = message?.kind === 'pseudonymous-event' ? message.detail : undefined;
    expect(parsePseudonymousEvent('consent.changed', detail)).toMatchObject({
      channel: 'email',
      purpose: 'marketing',
      granted: false,
      source: 'unsubscribe-link',
      wordingVersion: 'rfc8058-one-click',
      occurredAt: '2026-11-23T10:00:00.000Z',
    });
  });

  it("records the page's button and a multipart one-click body with the wording the customer acted on", async () => {
    const { call, enqueued } = endpoint();
    await call({ method: 'POST', body: 'unsubscribe=confirm', contentType: 'application/x-www-form-urlencoded' });
    const multipart = ['--b', 'Content-Disposition: form-data; name="List-Unsubscribe"', '', 'One-Click', '--b--', ''];
    await call({ method: 'POST', body: multipart.join('\r\n'), contentType: 'multipart/form-data; boundary=b' });
    const wordings = enqueued.map((message) =>
      message.kind === 'pseudonymous-event' ? (message.detail as { wordingVersion: string }).wordingVersion : '',
    );
    expect(wordings).toEqual(['unsubscribe-page-1', 'rfc8058-one-click']);
  });

  it('answers bad, tampered, unknown-key and missing tokens with a 400 page and expired ones with a 410 page', async () => {
    const { call, enqueued } = endpoint();
    const raw = fromBase64Url(valid) as Uint8Array;
    raw[30] = (raw[30] as number) ^ 1;
    const otherKey = UnsubscribeTokens.fromSecret(randomBytes(32), 9).issue(pseudonym, {
      channel: 'email',
      purpose: 'marketing',
      expiresAt: now + 1000,
    });
    const expired = tokens.issue(pseudonym, { channel: 'sms', purpose: 'marketing', expiresAt: now - 1000 });
    for (const query of [`t=${toBase64Url(raw)}`, 't=not-a-token', '', `t=${otherKey}`]) {
      const page = await call({ ...oneClick, query });
      expect(page.status).toBe(400);
      expect(page.body).toContain('This unsubscribe link is not valid');
      expect(page.body).toContain('https://shop.example.com');
    }
    const page = await call({ ...oneClick, query: `t=${expired}` });
    expect(page.status).toBe(410);
    expect(page.body).toContain('This unsubscribe link has expired');
    expect(enqueued).toEqual([]);
  });

  it('refuses a POST without an unsubscribe request in its body and methods other than GET, HEAD and POST', async () => {
    const { call, enqueued } = endpoint();
    expect((await call({ method: 'POST', body: '' })).status).toBe(400);
    expect((await call({ method: 'POST', body: 'List-Unsubscribe=Yes' })).status).toBe(400);
    const put = await call({ method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD, POST');
    expect(enqueued).toEqual([]);
  });

  it('answers 503 with Retry-After when the withdrawal cannot be queued, so the customer can try again', async () => {
    const { call } = endpoint({ failing: true });
    const page = await call(oneClick);
    expect(page.status).toBe(503);
    expect(page.headers['retry-after']).toBe('120');
  });

  it("speaks the link's language, else the browser's, else English", async () => {
    const { call } = endpoint();
    expect((await call({ query: `t=${valid}&l=ko` })).body).toContain('<html lang="ko">');
    expect((await call({ query: `t=${valid}&l=ko` })).body).toContain('이메일 광고성 정보 수신을 거부하시겠습니까?');
    expect((await call({ acceptLanguage: 'de-DE, ko-KR;q=0.8, en;q=0.5' })).body).toContain('<html lang="ko">');
    expect((await call({ acceptLanguage: 'fr, en;q=0' })).body).toContain('<html lang="en">');
  });

  it('never answers any input with a 5xx', async () => {
    const { call } = endpoint();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'get', 'OPTIONS', ''),
        fc.oneof(
          fc.string(),
          fc.constant(`t=${valid}`),
          fc.string().map((text) => `t=${valid}${text}`),
        ),
        fc.oneof(fc.string(), fc.constant('List-Unsubscribe=One-Click')),
        fc.option(fc.string(), { nil: undefined }),
        fc.option(fc.string(), { nil: undefined }),
        async (method, query, body, contentType, acceptLanguage) => {
          const page = await call({ method, query, body, contentType, acceptLanguage });
          expect(page.status).toBeLessThan(500);
          expect(page.body).not.toContain(pseudonym);
        },
      ),
      { numRuns: 300 },
    );
  });
});
