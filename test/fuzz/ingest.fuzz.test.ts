import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORCHESTRATOR_SOURCE } from '../../core/contracts/sources.ts';
import { DETAIL_TYPES } from '../../core/events/schemas.ts';
import { canaries, type GeneratedDetail, text, validDetail } from './support/details.ts';
import { expectFiniteState, expectRejectedWithReason, leakedCanaries } from './support/ingest-checks.ts';
import { START, useIngestHarness } from './support/ingest-harness.ts';
import { hostileValue, mutated, withMisplacedIdentifier } from './support/mutations.ts';

/**
 * Generated details of every detail-type through the ingest queue's edge (`handleIngestBody`) with the real adapters
 * on the embedded DynamoDB. `FUZZ_HEAVY=1` runs ten times as many; `FUZZ_SEED` replays a run.
 */
const heavy = process.env.FUZZ_HEAVY === '1';
const runs = (ci: number) => ({
  numRuns: heavy ? ci * 10 : ci,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});
/** Generous: the suites share two cores with the rest of `npm test`. */
const timeout = heavy ? 1_800_000 : 180_000;
const { ingest, ingestBody, newlyRejected, stateOf } = useIngestHarness();
const startMs = Date.parse(START);
const occurredAt = () => new Date(startMs).toISOString();

/** Applies one generated detail and checks the outcome: applied with finite numbers, or rejected with a reason. */
async function ingestAndCheck(generated: GeneratedDetail & { detailType: string }) {
  const result = await ingest(generated.detailType, generated.detail);
  const { text: written, records } = newlyRejected();
  expect(leakedCanaries(written, generated.who)).toEqual([]);
  if (result.kind === 'rejected') {
    expectRejectedWithReason(result, records);
  } else {
    // Mutated events may share a customer (say " "): an earlier erasure or duplicate changes the outcome, not the rule.
    expect(result.kind).toBe('event');
    expect(records).toEqual([]);
    expectFiniteState(await stateOf(String(generated.detail.customerId)), generated.detail);
  }
  return result;
}

const hostileDetails = fc.oneof(
  { weight: 7, arbitrary: validDetail(occurredAt).chain((generated) => mutated(generated, startMs)) },
  {
    weight: 1,
    arbitrary: validDetail(occurredAt)
      .chain(withMisplacedIdentifier)
      .chain((generated) => mutated(generated, startMs)),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      detailType: fc.oneof(
        fc.constantFrom('cart.exploded', 'Order.Placed', ' order.placed', 'timer.due', ''),
        text(0, 30),
      ),
      detail: validDetail(occurredAt).map((generated) => generated.detail),
      who: canaries,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ detailType: fc.constantFrom(...DETAIL_TYPES), detail: hostileValue, who: canaries }),
  },
);

describe('ingest fuzz (generated details through the real adapters)', () => {
  it(
    'applies every valid detail of every detail-type and stores finite numbers only',
    async () => {
      await fc.assert(
        fc.asyncProperty(validDetail(occurredAt), async (generated) => {
          expect(await ingestAndCheck(generated)).toMatchObject({ kind: 'event', outcome: 'applied' });
        }),
        runs(500),
      );
    },
    timeout,
  );

  it(
    'applies or rejects every nearly valid or hostile detail with a field issue and a reason, without a throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileDetails, async (generated) => {
          await ingestAndCheck(generated as GeneratedDetail);
        }),
        runs(1500),
      );
    },
    timeout,
  );

  it(
    'rejects a queue body that is not an ingest message with a reason, without a throw',
    async () => {
      const envelope = fc.record(
        {
          'detail-type': hostileValue,
          source: fc.oneof(hostileValue, fc.constant(ORCHESTRATOR_SOURCE)),
          detail: hostileValue,
        },
        { requiredKeys: [] },
      );
      const timerDue = fc.record({
        'detail-type': fc.constant('timer.due'),
        source: fc.constantFrom(ORCHESTRATOR_SOURCE, 'shop.web'),
        detail: fc.oneof(
          fc.record({ pseudonym: fc.oneof(hostileValue, fc.stringMatching(/^[0-9a-f]{64}$/)) }),
          hostileValue,
        ),
      });
      const bodies = fc.oneof(
        text(0, 200),
        fc.json(),
        fc.constantFrom('', 'null', '[]', '{', '"timer.due"', '\ufeff{}', '{"detail-type":"order.placed"}x'),
        fc.oneof(envelope, timerDue).map((body) => JSON.stringify(body)),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const result = await ingestBody(body);
          const { records } = newlyRejected();
          if (result.kind === 'rejected') expectRejectedWithReason(result, records);
          else expect(records).toEqual([]);
        }),
        runs(300),
      );
    },
    timeout,
  );
});
