import { describe, expect, it } from 'vitest';
import { ingestCodec } from '../../../core/messages/queue-messages.ts';
import { envelopeAt, useIngestHarness } from '../../fuzz/support/ingest-harness.ts';

const harness = useIngestHarness();

const withdrawal = (ms: number) => {
  const { customerId: _customerId, ...envelope } = envelopeAt(ms);
  return {
    ...envelope,
    channel: 'email',
    purpose: 'marketing',
    granted: false,
    source: 'unsubscribe-link',
    wordingVersion: 'rfc8058-one-click',
  };
};

const byPseudonym = (pseudonym: string, detail: unknown, detailType = 'consent.changed') =>
  harness.ingestBody(ingestCodec.encode({ kind: 'pseudonymous-event', pseudonym, detailType, detail }));

async function knownCustomer(): Promise<{ customerId: string; pseudonym: string }> {
  const envelope = envelopeAt(harness.clock.ms);
  await harness.ingest('customer.profile_updated', { ...envelope, contact: { email: 'a@example.com' } });
  const consent = { channel: 'email', purpose: 'marketing', granted: true, source: 'signup', wordingVersion: 'v1' };
  await harness.ingest('consent.changed', { ...envelopeAt(harness.clock.ms, envelope.customerId), ...consent });
  const state = await harness.stateOf(envelope.customerId);
  return { customerId: envelope.customerId, pseudonym: state.pseudonym };
}

describe('events of a customer known only by pseudonym', () => {
  it('withdraws the consent of the customer the pseudonym names, with the source as proof', async () => {
    const { customerId, pseudonym } = await knownCustomer();
    harness.clock.ms += 60_000;

    const result = await byPseudonym(pseudonym, withdrawal(harness.clock.ms));

    expect(result).toMatchObject({ kind: 'event', pseudonym, outcome: 'applied', detailType: 'consent.changed' });
    expect((await harness.stateOf(customerId)).consent['email:marketing']).toMatchObject({
      granted: false,
      source: 'unsubscribe-link',
      wordingVersion: 'rfc8058-one-click',
    });
  });

  it('checks the event against the contract like any other and keeps a violation in the rejected store', async () => {
    const { customerId, pseudonym } = await knownCustomer();
    harness.newlyRejected();
    const { wordingVersion: _missing, ...incomplete } = withdrawal(harness.clock.ms);

    expect(await byPseudonym(pseudonym, incomplete)).toMatchObject({ kind: 'rejected' });
    expect(await byPseudonym(pseudonym, { ...withdrawal(harness.clock.ms), customerId })).toMatchObject({
      kind: 'rejected',
    });
    expect(await byPseudonym(pseudonym, withdrawal(harness.clock.ms), 'order.placed')).toMatchObject({
      kind: 'rejected',
    });
    const future = {
      ...withdrawal(harness.clock.ms),
      occurredAt: new Date(harness.clock.ms + 3_600_000).toISOString(),
    };
    expect(await byPseudonym(pseudonym, future)).toMatchObject({ kind: 'rejected' });

    const rejected = harness.newlyRejected();
    expect(rejected.records.map((record) => record.issues[0]?.field)).toEqual([
      'detail.wordingVersion',
      'detail.customerId',
      'detail-type',
      'detail.occurredAt',
    ]);
    expect((await harness.stateOf(customerId)).consent['email:marketing']?.granted).toBe(true);
  });

  it('creates nobody from a pseudonym alone: an unknown pseudonym changes nothing', async () => {
    const unknown = 'f'.repeat(64);

    const result = await byPseudonym(unknown, withdrawal(harness.clock.ms));

    expect(result).toMatchObject({ kind: 'event', outcome: 'unknown_customer' });
    expect((await harness.stateOfPseudonym(unknown)).v).toBe(0);
  });
});
