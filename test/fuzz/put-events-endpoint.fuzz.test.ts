import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../cli/local/runtime.ts';
import { wasSeen } from '../../core/customer/seen-events.ts';
import { useLocalRuntime } from '../support/local-runtime.ts';
import { boundaryRequest } from './support/put-events-boundary.ts';
import { applicationChecker, expectAnswer, sendPlanned } from './support/put-events-checks.ts';
import type { Answer } from './support/put-events-http.ts';
import { plannedRequest } from './support/put-events-plans.ts';
import { type PlannedRequest, withFreshTokens } from './support/put-events-requests.ts';

/**
 * The local PutEvents endpoint of a running local runtime, over plain HTTP (fetch, keep-alive), with generated
 * requests: every answer is EventBridge's, no request is half applied, and the runtime keeps serving.
 * `FUZZ_HEAVY=1` sends ten times as many; `FUZZ_SEED` replays a run.
 */
const heavy = process.env.FUZZ_HEAVY === '1';
const runs = (ci: number) => ({
  numRuns: heavy ? ci * 10 : ci,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});
const timeout = heavy ? 1_800_000 : 180_000;
const { start, entry } = useLocalRuntime('2026-11-23T09:00:00Z');

/** A valid request after each batch: the runtime still answers with an EventId and applies the event. */
async function stillServes(runtime: LocalRuntime, serial: number): Promise<void> {
  const valid = entry('product.viewed', `c-alive-${serial}`, { productId: 'p-alive' });
  const answer = await sendPlanned(runtime.endpoint, {
    method: 'POST',
    target: 'AWSEvents.PutEvents',
    body: JSON.stringify({ Entries: [valid] }),
    entries: [],
    expected: { status: 200 },
  });
  expect(answer).toMatchObject({
    status: 200,
    body: { FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] },
  });
  await runtime.drain();
  const state = await runtime.services.table.load(await runtime.services.pseudonymOf(`c-alive-${serial}`));
  expect(wasSeen(state, JSON.parse(valid.Detail).eventId)).toBe(true);
}

const noDeadLetters = (runtime: LocalRuntime) =>
  expect(existsSync(runtime.paths.deadLetters) ? readFileSync(runtime.paths.deadLetters, 'utf8') : '').toBe('');

describe('PutEvents endpoint fuzz (a running local runtime, raw HTTP)', () => {
  it(
    'answers every generated request as EventBridge does, never with a 5xx, and applies exactly the entries with an EventId',
    async () => {
      const runtime = await start();
      const checkApplied = applicationChecker(runtime);
      const counts = { requests: 0, entries: 0, applied: 0, batches: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(plannedRequest, { minLength: 1, maxLength: 4 }), async (generated) => {
          const batch = generated.map(withFreshTokens);
          const answers = await Promise.all(batch.map((request) => sendPlanned(runtime.endpoint, request)));
          const sent = batch.map((request, index): [PlannedRequest, Answer] => [request, answers[index] as Answer]);
          for (const [request, answer] of sent) expectAnswer(request, answer);
          await runtime.drain();
          counts.applied += await checkApplied(sent);
          noDeadLetters(runtime);
          await stillServes(runtime, counts.batches);
          counts.batches += 1;
          counts.requests += batch.length + 1;
          counts.entries += batch.reduce((sum, request) => sum + request.entries.length, 0);
        }),
        runs(600),
      );
      console.log(`PutEvents fuzz: ${JSON.stringify(counts)}`);
      expect(counts.requests).toBeGreaterThanOrEqual(heavy ? 20_000 : 2_000);
    },
    timeout,
  );

  it(
    'refuses entries totalling 256 KB or more as a whole and takes them a byte under, counting UTF-8 bytes and Time',
    async () => {
      const runtime = await start();
      const checkApplied = applicationChecker(runtime);
      await fc.assert(
        fc.asyncProperty(boundaryRequest, async (generated) => {
          const request = withFreshTokens(generated);
          expect(request.expected.status).toBe(generated.delta >= 0 ? 400 : 200);
          const answer = await sendPlanned(runtime.endpoint, request);
          expectAnswer(request, answer);
          await runtime.drain();
          expect(await checkApplied([[request, answer]])).toBe(generated.delta >= 0 ? 0 : 1);
        }),
        runs(100),
      );
    },
    timeout,
  );
});
