import { describe, expect, it } from 'vitest';
import { minutes } from '../../core/time.ts';
import { mailbox, publish, useLocalRuntime } from '../support/local-runtime.ts';

const harness = useLocalRuntime();
const { clock, entry } = harness;

const usShopper = (customerId: string) => [
  entry('customer.profile_updated', customerId, {
    contact: { email: `${customerId}@example.com` },
    timeZone: 'America/Chicago',
    country: 'US',
    locale: 'en-US',
  }),
  entry('consent.changed', customerId, {
    channel: 'email',
    purpose: 'marketing',
    granted: true,
    source: 'checkout',
    wordingVersion: 'v2',
  }),
];
const cartAdd = (customerId: string, cartId: string) =>
  entry('cart.item_added', customerId, {
    cartId,
    productId: 'sku-7',
    quantity: 1,
    itemCount: 1,
    cartValue: 49,
    currency: 'USD',
  });

const oneClick = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

describe('one-click unsubscribe through the local runtime', () => {
  it('withdraws email marketing consent on a one-click POST, so the next promotional email is suppressed no_consent', async () => {
    const runtime = await harness.start();
    // 15:00 UTC is 09:00 in Chicago: inside the promotional window.
    clock.ms = Date.parse('2026-11-23T15:00:00Z');
    await publish(runtime, [...usShopper('c-unsub'), cartAdd('c-unsub', 'k1')]);
    clock.ms += minutes(61);
    await runtime.tick();

    const reminder = mailbox(runtime).find((line) => line.template === 'cart-reminder');
    expect(reminder).toMatchObject({ template: 'cart-reminder', channel: 'email' });
    const link = reminder?.unsubscribeUrl ?? '';
    expect(link.startsWith(`${runtime.unsubscribeEndpoint}?t=`)).toBe(true);
    expect(link).not.toContain('c-unsub');
    expect(reminder?.body).toContain('100 Example Street, Springfield, IL 62701, USA');
    expect(reminder?.body).toContain(`<a href="${link.replaceAll('&', '&amp;')}">Unsubscribe</a>`);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const response = await oneClick(link);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('You are unsubscribed');
    await runtime.drain();

    const pseudonym = await runtime.services.pseudonymOf('c-unsub');
    const state = await runtime.services.table.load(pseudonym);
    expect(state.consent['email:marketing']).toMatchObject({ granted: false, source: 'unsubscribe-link' });

    clock.ms += minutes(5);
    await publish(runtime, [cartAdd('c-unsub', 'k2')]);
    clock.ms += minutes(61);
    await runtime.tick();
    expect(mailbox(runtime).filter((line) => line.template === 'cart-reminder')).toHaveLength(1);
    const decisions = await runtime.services.table.decisions(pseudonym);
    const second = decisions.filter((decision) => decision.template === 'cart-reminder').at(-1);
    expect(second).toMatchObject({ outcome: 'suppressed', reasons: ['no_consent'] });
  });

  it('refuses an altered link with a 400 page and changes nothing', async () => {
    const runtime = await harness.start();
    clock.ms = Date.parse('2026-11-23T15:00:00Z');
    await publish(runtime, [...usShopper('c-forged'), cartAdd('c-forged', 'k1')]);
    clock.ms += minutes(61);
    await runtime.tick();
    const link = new URL(mailbox(runtime).find((line) => line.unsubscribeUrl)?.unsubscribeUrl ?? '');
    const token = link.searchParams.get('t') ?? '';
    link.searchParams.set('t', `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`);
    const response = await oneClick(link.href);
    expect(response.status).toBe(400);
    await runtime.drain();
    const state = await runtime.services.table.load(await runtime.services.pseudonymOf('c-forged'));
    expect(state.consent['email:marketing']).toMatchObject({ granted: true });
  });
});
