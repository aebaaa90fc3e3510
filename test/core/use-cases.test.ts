import { describe, expect, it } from 'vitest';
import { newCustomer } from '../../core/customer/state.ts';
import { applyCustomerEvent } from '../../core/engine/apply-customer-event.ts';
import { applyTimersDue } from '../../core/engine/apply-timers-due.ts';
import { applyConsentChange } from '../../core/engine/consent.ts';
import { exportCustomer } from '../../core/engine/customer-export.ts';
import { Round } from '../../core/engine/round.ts';
import { cartJourney } from '../../journeys/cart.ts';
import { policy, registry } from '../../journeys/index.ts';
import { days, hours, startJourney } from '../support/virtual-time.ts';

const cartAdd = { cartId: 'c', productId: 'sku-1', quantity: 1, itemCount: 1 };

describe('customer event handling', () => {
  it('changes nothing for a duplicate eventId', () => {
    const journey = startJourney(cartJourney);
    const eventId = '5d0e3a4c-1111-4222-8333-444455556666';
    expect(journey.send('cart.item_added', { ...cartAdd, eventId })).toBe('applied');
    const before = JSON.stringify(journey.state);
    const dispatchedBefore = journey.dispatched.length;
    expect(journey.send('cart.item_added', { ...cartAdd, itemCount: 5, eventId })).toBe('duplicate');
    expect(JSON.stringify(journey.state)).toBe(before);
    expect(journey.dispatched).toHaveLength(dispatchedBefore);
  });

  it('drops an event older than the erasure tombstone and accepts a newer one', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    const tombstone = { ...newCustomer('p'.repeat(64)), erasedAt: new Date(now).toISOString() };
    const ctx = { registry, policy, now: now + hours(1) };
    const event = {
      type: 'cart.item_added' as const,
      v: 1 as const,
      eventId: '5d0e3a4c-1111-4222-8333-444455556667',
      occurredAt: '2026-11-23T18:59:00+09:00',
      ...cartAdd,
    };
    expect(applyCustomerEvent(tombstone, event, ctx)).toMatchObject({
      outcome: 'older_than_erasure',
      state: tombstone,
    });
    const newer = { ...event, occurredAt: '2026-11-23T19:01:00+09:00' };
    const result = applyCustomerEvent(tombstone, newer, ctx);
    expect(result.outcome).toBe('applied');
    expect(result.state.journeys.cart?.status).toBe('active');
  });

  it('exits every journey at once when the account is closed and erases the customer after the grace period', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAdd);
    journey.send('customer.account_closed', { reason: 'customer request' });
    expect(journey.journey('cart')).toMatchObject({ status: 'exited', outcome: 'account_closed' });
    expect(journey.pendingTimers).toEqual([{ kind: 'erasure', id: 'erasure', fireAt: '2027-02-21T10:00:00.000Z' }]);
    journey.send('cart.item_added', cartAdd);
    expect(journey.journey('cart')?.entries).toBe(1);
    journey.advanceBy(days(90));
    expect(journey.dispatched.at(-1)).toEqual({
      kind: 'erasure',
      reason: 'account_closed',
      erasedAt: '2027-02-21T10:00:00.000Z',
      at: '2027-02-21T10:00:00.000Z',
    });
    expect(journey.state).toMatchObject({ erasedAt: '2027-02-21T10:00:00.000Z', journeys: {}, timers: [], has: {} });
  });

  it('ignores a profile update that happened before the one already applied', () => {
    const journey = startJourney(cartJourney, { profile: { timeZone: 'Asia/Seoul', country: 'KR' } });
    journey.send('customer.profile_updated', { timeZone: 'Europe/Berlin', occurredAt: '2026-11-23T09:00:00Z' });
    expect(journey.state).toMatchObject({ tz: 'Asia/Seoul', country: 'KR', profileAt: '2026-11-23T10:00:00.000Z' });
    journey.send('customer.profile_updated', { timeZone: 'Europe/Berlin' });
    expect(journey.state.tz).toBe('Europe/Berlin');
  });

  it('applies a consent change on its own: newest wins per channel, a proof per channel in the outbox', () => {
    const customer = newCustomer('c'.repeat(64));
    const change = {
      type: 'consent.changed' as const,
      v: 1 as const,
      eventId: '5d0e3a4c-1111-4222-8333-444455556668',
      occurredAt: '2026-11-23T10:00:00+09:00',
      channel: 'all' as const,
      purpose: 'marketing' as const,
      granted: true,
      source: 'app',
      wordingVersion: 'v4',
    };
    const round = new Round(customer, { registry, policy, now: 0 });
    applyConsentChange(round, change);
    const state = round.draft;
    expect(state.consent['sms:marketing']).toEqual({
      granted: true,
      at: '2026-11-23T01:00:00.000Z',
      source: 'app',
      wordingVersion: 'v4',
    });
    expect(state.outbox.filter((item) => item.kind === 'consent-proof')).toHaveLength(4);
    expect(customer.consent).toEqual({});
  });

  it('does nothing when a timer tick finds nothing due', () => {
    const state = newCustomer('a'.repeat(64));
    expect(applyTimersDue(state, { registry, policy, now: 0 })).toEqual({ state, fired: 0 });
  });

  it('keeps the customer item small: snapshots hold state value and context only', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAdd);
    expect(Object.keys(journey.journey('cart')?.snapshot ?? {})).toEqual(['value', 'context']);
    expect(JSON.stringify(journey.state).length).toBeLessThan(2048);
  });

  it('exports the profile, consent history, journeys and every decision', () => {
    const journey = startJourney(cartJourney);
    journey.send('cart.item_added', cartAdd);
    journey.advanceBy(hours(1));
    const document = exportCustomer({
      state: journey.state,
      contact: { email: 'a@example.com' },
      decisions: journey.decisions,
      consentHistory: journey.dispatched.flatMap((item) => (item.kind === 'consent-proof' ? [item.proof] : [])),
      requestId: 'r-1',
      now: journey.now,
    });
    expect(document).toMatchObject({
      format: 'journey-orchestrator.customer-export.v1',
      profile: { contact: { email: 'a@example.com' } },
      journeys: [{ journeyId: 'cart', status: 'active' }],
      messages: [{ template: 'cart-reminder', outcome: 'send' }],
    });
    expect(document.consentHistory).toHaveLength(2);
  });
});
