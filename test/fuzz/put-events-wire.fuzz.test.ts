import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../cli/local/runtime.ts';
import { useLocalRuntime } from '../support/local-runtime.ts';
import { keepAliveClient, onTheWire, PUT_EVENTS, wireRequest } from './support/put-events-http.ts';

/**
 * The local PutEvents endpoint against what arrives on the wire: bodies over 1 MB (with a content-length or chunked)
 * on a keep-alive connection, and broken HTTP. `FUZZ_HEAVY=1` sends ten times as many.
 */
const heavy = process.env.FUZZ_HEAVY === '1';
const runs = (ci: number) => ({
  numRuns: heavy ? ci * 10 : ci,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});
const timeout = heavy ? 1_800_000 : 120_000;
const { start, entry } = useLocalRuntime('2026-11-23T09:00:00Z');
const MB = 1024 * 1024;

const validBody = () => JSON.stringify({ Entries: [entry('product.viewed', 'c-wire', { productId: 'p' })] });
const accepted = { status: 200, body: { FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] } };
const tooLarge = { status: 413, body: { __type: 'ValidationException', message: 'Request body is too large.' } };

/** A body of `size` bytes: JSON entries with one huge Detail, or bytes that are not JSON at all. */
const oversized = (size: number, json: boolean) => {
  if (!json) return Buffer.alloc(size, 'x');
  const head = '{"Entries":[{"Source":"s","DetailType":"d","Detail":"{\\"pad\\":\\"';
  const tail = '\\"}"}]}';
  return Buffer.from(head + 'y'.repeat(size - head.length - tail.length) + tail);
};

describe('PutEvents endpoint on the wire (keep-alive, oversized bodies, broken HTTP)', () => {
  it(
    'answers a body over 1 MB with 413 and serves the next request on the same keep-alive connection',
    async () => {
      const runtime = await start();
      const client = keepAliveClient(runtime.endpoint);
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.integer({ min: MB + 1, max: (heavy ? 16 : 3) * MB }),
            fc.boolean(),
            fc.constantFrom(undefined, 16 * 1024, 256 * 1024),
            async (size, json, chunked) => {
              const first = await client.send({ target: PUT_EVENTS, body: oversized(size, json), chunked });
              expect(first).toMatchObject(tooLarge);
              const next = await client.send({ target: PUT_EVENTS, body: validBody() });
              expect(next).toMatchObject(accepted);
              expect(next.port).toBe(first.port);
            },
          ),
          runs(12),
        );
        const atLimit = await client.send({ target: PUT_EVENTS, body: oversized(MB, true) });
        expect(atLimit.status).toBe(400); // 1 MB exactly is read; its entries are over 256 KB
      } finally {
        client.close();
      }
    },
    timeout,
  );

  it('answers a body over 16 MB with 413 and closes that connection, and the runtime keeps serving', async () => {
    const runtime = await start();
    for (const chunked of [undefined, 1024 * 1024]) {
      const client = keepAliveClient(runtime.endpoint);
      const answer = await client
        .send({ target: PUT_EVENTS, body: oversized(17 * MB, false), chunked })
        .catch((error: Error) => ({ status: 0, body: undefined, error: error.message }));
      if (answer.status !== 0) expect(answer).toMatchObject(tooLarge); // or the close reset it first
      client.close();
      await expectServing(runtime);
    }
  });

  it(
    'survives broken HTTP on the wire (cut, lying lengths, garbage, aborts) without a 5xx, and keeps serving',
    async () => {
      const runtime = await start();
      const valid = validBody();
      const pieces = fc.oneof(
        fc.constant([wireRequest(valid).slice(0, 60)]),
        fc.integer({ min: 1, max: valid.length - 1 }).map((cut) => [wireRequest(valid).slice(0, -cut)]),
        fc.integer({ min: 1, max: 5000 }).map((extra) => [wireRequest(valid, { contentLength: valid.length + extra })]),
        fc.integer({ min: 1, max: valid.length - 1 }).map((less) => [wireRequest(valid, { contentLength: less })]),
        fc.constantFrom(
          ['GARBAGE\r\n\r\n'],
          ['POST / HTTP/1.1\r\nhost: x\r\ncontent-length: -5\r\n\r\n'],
          ['POST / HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n'],
          ['POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'],
          [`POST / HTTP/1.1\r\nhost: x\r\nx-big: ${'h'.repeat(20_000)}\r\n\r\n`],
          [wireRequest(valid) + wireRequest(valid, { close: true })],
          ['\u0000\u0001\u0002'],
        ),
        fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => [bytes]),
      );
      await fc.assert(
        fc.asyncProperty(pieces, async (written) => {
          const received = await onTheWire(runtime.endpoint, written, 60);
          expect(received).not.toMatch(/^HTTP\/1\.[01] 5\d\d/m);
          await expectServing(runtime);
        }),
        runs(80),
      );
    },
    timeout,
  );
});

async function expectServing(runtime: LocalRuntime): Promise<void> {
  const response = await fetch(runtime.endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': PUT_EVENTS, 'content-type': 'application/x-amz-json-1.1' },
    body: validBody(),
  });
  expect({ status: response.status, body: await response.json() }).toMatchObject(accepted);
}
