import { describe, expect, it } from 'vitest';
import { tallyJourney } from '../../bench/journey-tally.ts';
import type { LogEntry } from '../../core/customer/log.ts';
import type { DecisionRecord } from '../../core/customer/outbox.ts';

const decision = (messageId: string, outcome: DecisionRecord['outcome'], extra: Partial<DecisionRecord> = {}) =>
  ({
    kind: 'decision',
    record: { pseudonym: `p-${messageId}`, journeyId: 'replenishment', messageId, outcome, reasons: [], ...extra },
  }) as unknown as LogEntry;
const conversion = (extra: Record<string, unknown>) =>
  ({ kind: 'conversion', record: { pseudonym: 'p', journeyId: 'replenishment', revenue: 10, ...extra } }) as LogEntry;

async function* log(entries: LogEntry[]) {
  yield* entries;
}

describe('journey tally (bench)', () => {
  it('counts a message by its final decision, and conversions by what they were attributed to', async () => {
    const tally = await tallyJourney(
      log([
        decision('m1', 'deferred', { reasons: ['quiet_hours'] }),
        decision('m1', 'send'),
        decision('m2', 'suppressed', { reasons: ['holdout'], wouldHaveSent: true }),
        decision('m3', 'suppressed', { reasons: ['no_consent', 'holdout'] }),
        decision('m4', 'send', { journeyId: 'cart' }),
        conversion({ messageId: 'm1' }),
        conversion({ messageId: 'm2', heldBack: true }),
        conversion({}),
        conversion({ journeyId: 'cart', messageId: 'm4' }),
      ]),
      'replenishment',
    );
    expect(tally).toMatchObject({
      asked: 3,
      sent: 1,
      heldBack: 1,
      suppressedBy: { no_consent: 1 },
      deferred: 1,
      attributed: 1,
      heldBackConverted: 1,
      unattributed: 1,
      attributedRevenue: 10,
    });
  });
});
