import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { days, minutes } from '../../core/time.ts';
import { mailbox, publish, rejected, useLocalRuntime, withDetail } from '../support/local-runtime.ts';

/** The defects of issue 11, each reproduced through the local runtime as a publisher would meet them. */
const { clock, start, entry } = useLocalRuntime('2026-11-23T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const profile = (customerId: string, email: string) =>
  entry('customer.profile_updated', customerId, { contact: { email }, timeZone: 'Europe/Berlin', country: 'DE' });
const consent = (customerId: string, granted: boolean) =>
  entry('consent.changed', customerId, {
    channel: 'email',
    purpose: 'marketing',
    granted,
    source: 'preference-center',
    wordingVersion: 'v2',
  });
const cartAdd = (customerId: string) =>
  entry('cart.item_added', customerId, { cartId: 'k', productId: 'sku-7', quantity: 1, itemCount: 1 });
const order = (customerId: string, orderId = 'o-1') =>
  entry('order.placed', customerId, {
    orderId,
    total: 10,
    currency: 'EUR',
    items: [{ productId: 'p', quantity: 1, price: 10 }],
  });

describe('event time is bounded (issue 11, item 2)', () => {
  it('refuses an event dated more than 5 minutes after its receipt, with the reason in the rejected store', async () => {
    const runtime = await start();
    await publish(runtime, [withDetail(consent('c-future', true), { occurredAt: '9999-12-31T00:00:00Z' })]);
    expect(rejected(runtime)).toMatchObject([
      {
        detailType: 'consent.changed',
        issues: [
          { field: 'detail.occurredAt', rule: expect.stringContaining('more than 5 minutes after its receipt') },
        ],
      },
    ]);
  });

  it('lets a withdrawal win after a grant dated 9999: none of 5 customers gets a promotional cart reminder', async () => {
    const runtime = await start();
    const customers = ['c-w1', 'c-w2', 'c-w3', 'c-w4', 'c-w5'];
    for (const id of customers) {
      await publish(runtime, [profile(id, `${id}@example.com`), consent(id, true)]);
      await publish(runtime, [withDetail(consent(id, true), { occurredAt: '9999-12-31T00:00:00Z' })]);
    }
    clock.ms += minutes(1);
    for (const id of customers) await publish(runtime, [consent(id, false), cartAdd(id)]);
    clock.ms += minutes(62);
    await runtime.tick();
    expect(mailbox(runtime).filter((line) => line.template === 'cart-reminder')).toEqual([]);
  });

  it('refuses a profile dated 9999, so the next address change is the one used', async () => {
    const runtime = await start();
    await publish(runtime, [profile('c-addr', 'old@example.com')]);
    await publish(runtime, [
      withDetail(profile('c-addr', 'frozen@example.com'), { occurredAt: '9999-01-01T00:00:00Z' }),
    ]);
    clock.ms += minutes(1);
    await publish(runtime, [profile('c-addr', 'new@example.com'), order('c-addr')]);
    expect(mailbox(runtime)).toMatchObject([{ template: 'order-confirmation', to: 'n***@example.com' }]);
  });
});

describe('duplicates within a time horizon (issue 11, item 6)', () => {
  it('applies an eventId once even when it comes back after 45 other events', async () => {
    const runtime = await start();
    const first = order('c-dup', 'o-dup');
    await publish(runtime, [profile('c-dup', 'dup@example.com'), first]);
    for (let view = 0; view < 45; view += 1) {
      clock.ms += 1000;
      await publish(runtime, [entry('product.viewed', 'c-dup', { productId: `p-${view}` })]);
    }
    await publish(runtime, [first]);
    expect(mailbox(runtime).filter((line) => line.template === 'order-confirmation')).toHaveLength(1);
  });

  it('refuses an event older than the 7-day dedupe horizon, with the reason', async () => {
    const runtime = await start();
    await publish(runtime, [withDetail(order('c-old'), { occurredAt: iso(clock.ms - days(8)) })]);
    expect(rejected(runtime)[0]?.issues[0]?.rule).toContain('7 days dedupe horizon');
  });
});

describe('out-of-order events (issue 11, item 5)', () => {
  it('does not remind a customer about a cart added before the order that ended it, when the cart add arrives late', async () => {
    const runtime = await start();
    const customers = Array.from({ length: 5 }, (_, index) => `c-late-${index}`);
    for (const id of customers) await publish(runtime, [profile(id, `${id}@example.com`), consent(id, true)]);
    clock.ms += minutes(10);
    for (const id of customers) {
      await publish(runtime, [order(id)]);
      await publish(runtime, [withDetail(cartAdd(id), { occurredAt: iso(clock.ms - minutes(5)) })]);
    }
    clock.ms += minutes(62);
    await runtime.tick();
    expect(mailbox(runtime).filter((line) => line.template === 'cart-reminder')).toEqual([]);
  });
});

describe('messageIds never repeat (issue 11, item 4)', () => {
  it("delivers a returning customer's order confirmation after an erasure, under a new messageId", async () => {
    const runtime = await start();
    await publish(runtime, [profile('c-back', 'back@example.com'), order('c-back', 'o-before')]);
    clock.ms += minutes(1);
    await publish(runtime, [entry('privacy.erasure_requested', 'c-back', { requestId: 'r-1' })]);
    clock.ms += minutes(1);
    await publish(runtime, [profile('c-back', 'back@example.com'), order('c-back', 'o-after')]);
    const confirmations = mailbox(runtime).filter((line) => line.template === 'order-confirmation');
    expect(confirmations).toHaveLength(2);
    expect(new Set(confirmations.map((line) => line.messageId)).size).toBe(2);
  });
});

describe('privacy requests in event-time order (issue 11, item 3)', () => {
  it('erases a profile update sent in the same call one second before the erasure', async () => {
    const runtime = await start();
    const update = profile('c-same', 'same@example.com');
    clock.ms += 1000;
    await publish(runtime, [update, entry('privacy.erasure_requested', 'c-same', { requestId: 'r-2' })]);
    clock.ms += minutes(10);
    await runtime.tick();
    const state = await runtime.services.table.load(await runtime.services.pseudonymOf('c-same'));
    expect(state).toMatchObject({ has: {}, erasedAt: expect.any(String) });
    expect(state.contact).toBeUndefined();
  });

  it('exports the profile and consent sent in the same call just before the export request', async () => {
    const runtime = await start();
    const setUp = [profile('c-export', 'export@example.com'), consent('c-export', true)];
    clock.ms += 1000;
    await publish(runtime, [...setUp, entry('privacy.export_requested', 'c-export', { requestId: 'r-3' })]);
    clock.ms += minutes(10);
    await runtime.tick();
    const folder = join(runtime.paths.exports, 'exports', await runtime.services.pseudonymOf('c-export'));
    const document = JSON.parse(readFileSync(join(folder, readdirSync(folder)[0] as string), 'utf8'));
    expect(document.profile.contact).toEqual({ email: 'export@example.com' });
    expect(document.consent['email:marketing']).toMatchObject({ granted: true });
  });
});
