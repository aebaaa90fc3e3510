import { describe, expect, it } from 'vitest';
import { envelopeAt, START, useIngestHarness } from './support/ingest-harness.ts';

/**
 * What the ingest fuzz found. Fixed ones are regression tests; `it.fails('PRODUCT BUG: …')` marks a defect outside
 * the fuzz's files (core/content/redaction.ts, core/events/parse.ts) that still fails, so fixing it turns the test red
 * and the marker can go.
 */
const { ingest, newlyRejected, stateOf } = useIngestHarness();
const at = Date.parse(START);
const email = 'leak.me@example.com';
const customer = 'cust-leak-42';
const view = (changes: Record<string, unknown>) => ({
  ...envelopeAt(at, customer),
  productId: 'p-1',
  ...changes,
});

/** Ingests one event that breaks the contract and returns the rejected store's new text. */
async function rejectedTextOf(detailType: string, detail: unknown): Promise<string> {
  newlyRejected();
  expect(await ingest(detailType, detail)).toMatchObject({ kind: 'rejected' });
  return newlyRejected().text;
}

describe('ingest fuzz findings', () => {
  it('rejects a customer id with an unpaired surrogate, so two such ids never share one customer', async () => {
    const profile = (customerId: string, address: string) => ({
      ...envelopeAt(at, customerId),
      contact: { email: address },
    });
    expect(await ingest('customer.profile_updated', profile('c-\ud800', 'first@example.com'))).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('detail.customerId: must be well-formed Unicode'),
    });
    expect(await ingest('customer.profile_updated', profile('c-\udfff', 'second@example.com'))).toMatchObject({
      kind: 'rejected',
    });
    expect((await stateOf('c-\ufffd')).v).toBe(0);
  });

  it('redacts identifier values wherever they sit in a rejected event, nested ones included', async () => {
    const text = await rejectedTextOf(
      'product.viewed',
      view({ price: -1, category: `call +821099998888 or ${email}`, extra: [{ contact: { pccc: 'P123456789012' } }] }),
    );
    for (const value of [customer, email, '+821099998888', 'P123456789012']) expect(text).not.toContain(value);
  });

  it('keeps no email sent as the eventId in the rejected store (the whole record is redacted)', async () => {
    expect(await rejectedTextOf('product.viewed', view({ eventId: email }))).not.toContain(email);
  });

  it('keeps no email used as a key name in the rejected store (keys are redacted too)', async () => {
    expect(await rejectedTextOf('product.viewed', view({ subscribers: { [email]: true } }))).not.toContain(email);
  });

  it('keeps no customer id sent as customer_id in the rejected store (names match whatever their separators)', async () => {
    expect(await rejectedTextOf('product.viewed', view({ customer_id: customer }))).not.toContain(customer);
  });

  it('rejects an event with a 250,000-character field without stalling the queue (redaction patterns are bounded)', async () => {
    // Until 2026-11-29 the email pattern was unbounded and backtracked: 2-4 s for 48,000 characters, minutes for this.
    const started = performance.now();
    await rejectedTextOf('product.viewed', view({ category: `${'x'.repeat(125_000)}@${'y'.repeat(125_000)}` }));
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 60_000);
});
