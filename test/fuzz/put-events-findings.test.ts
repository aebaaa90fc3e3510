import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAliveClient, PUT_EVENTS } from './support/put-events-http.ts';

/**
 * What the PutEvents fuzz found, against the local runtime in its own process (test/crash/runtime-child.ts), as
 * `npm start` runs it: a crash there ends the process, where in-process it would only be an unhandled error.
 */
const child = fileURLToPath(new URL('../crash/runtime-child.ts', import.meta.url));
const running: ChildProcess[] = [];
afterEach(() => {
  for (const each of running.splice(0)) each.kill('SIGKILL');
});

async function startRuntime(): Promise<{ process: ChildProcess; endpoint: string }> {
  const process = fork(child, [mkdtempSync(join(tmpdir(), 'journeys-fuzz-'))], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  running.push(process);
  const endpoint = await new Promise<string>((resolve, reject) => {
    process.once('message', (message) => resolve(String(message).replace(/^ready /, '')));
    process.once('exit', (code) => reject(new Error(`runtime exited with ${code} before it was ready`)));
  });
  return { process, endpoint };
}

const valid = () =>
  JSON.stringify({
    Entries: [
      {
        EventBusName: 'journeys',
        Source: 'shop.fuzz',
        DetailType: 'product.viewed',
        Detail: JSON.stringify({
          v: 1,
          eventId: randomUUID(),
          occurredAt: new Date().toISOString(),
          customerId: 'c-findings',
          productId: 'p',
        }),
      },
    ],
  });

describe('PutEvents fuzz findings (local runtime in its own process)', () => {
  it('keeps running after a chunked body over 1 MB, answering it 413 on a connection it keeps', async () => {
    const runtime = await startRuntime();
    const client = keepAliveClient(runtime.endpoint);
    const first = await client.send({
      target: PUT_EVENTS,
      body: Buffer.alloc(2 * 1024 * 1024, 'x'),
      chunked: 64 * 1024,
    });
    const next = await client.send({ target: PUT_EVENTS, body: valid() });
    client.close();
    expect(first).toMatchObject({ status: 413, body: { __type: 'ValidationException' } });
    expect(next).toMatchObject({ status: 200, body: { FailedEntryCount: 0 }, port: first.port });
    expect(runtime.process.exitCode).toBeNull();
  });

  it('answers Resources that are not strings with a per-entry InvalidArgument, not a 500', async () => {
    const runtime = await startRuntime();
    const entry = JSON.parse(valid()).Entries[0];
    const response = await fetch(runtime.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': PUT_EVENTS },
      body: JSON.stringify({ Entries: [{ ...entry, Resources: [{ toString: 1 }] }, entry] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      FailedEntryCount: 1,
      Entries: [
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter Resources is not valid. Reason: Resources must be a list of strings.',
        },
        { EventId: expect.any(String) },
      ],
    });
  });
});
