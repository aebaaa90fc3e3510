import { describe, expect, it } from 'vitest';
import { customerFacts } from '../../../core/customer/facts.ts';
import { type CustomerState, newCustomer } from '../../../core/customer/state.ts';
import { toMs } from '../../../core/time.ts';

const now = toMs('2026-11-23T10:00:00Z');

function shopper(): CustomerState {
  return {
    ...newCustomer('f'.repeat(64)),
    contact: 'sealed-contact-blob',
    has: { email: true, sms: true },
    undeliverable: { sms: '2026-11-01T00:00:00.000Z' },
    tz: 'Asia/Seoul',
    country: 'KR',
    locale: 'ko',
    consent: {
      'email:marketing': { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'signup', wordingVersion: 'v1' },
      'email:night_marketing': {
        granted: true,
        at: '2026-01-01T00:00:00.000Z',
        source: 'signup',
        wordingVersion: 'v1',
      },
      'sms:marketing': { granted: false, at: '2026-02-01T00:00:00.000Z', source: 'app', wordingVersion: 'v1' },
    },
    journeys: {
      cart: {
        version: 1,
        snapshot: { value: 'converted', context: {} },
        enteredAt: '2026-11-01T00:00:00.000Z',
        entries: 1,
        asked: 1,
        status: 'exited',
        outcome: 'converted',
        convertedAt: '2026-11-02T00:00:00.000Z',
      },
      purchase: {
        version: 1,
        snapshot: { value: 'confirmed', context: { orderId: 'order-9' } },
        enteredAt: '2026-11-20T00:00:00.000Z',
        entries: 2,
        asked: 1,
        status: 'active',
      },
    },
    lastActivityAt: '2026-11-20T09:00:00.000Z',
    rfm: {
      orders: 3,
      revenue: 182.5,
      currency: 'KRW',
      firstOrderAt: '2026-08-25T10:00:00.000Z',
      lastOrderAt: '2026-11-20T09:00:00.000Z',
    },
  };
}

describe('customer facts', () => {
  it('derives country, consent, RFM, last activity and journeys from the stored state', () => {
    expect(customerFacts(shopper(), now)).toEqual({
      country: 'KR',
      timeZone: 'Asia/Seoul',
      locale: 'ko',
      reachable: ['email'],
      consent: { email: ['marketing', 'night_marketing'] },
      rfm: { orders: 3, revenue: 182.5, currency: 'KRW', daysSinceFirstOrder: 90, daysSinceLastOrder: 3 },
      daysSinceLastActivity: 3,
      journeys: { active: ['purchase'], completed: ['cart', 'purchase'], converted: ['cart'] },
    });
  });

  it('leaves unknown facts out, so exists:false matches a customer who never ordered', () => {
    const facts = customerFacts(newCustomer('a'.repeat(64)), now);
    expect(facts).toEqual({
      reachable: [],
      consent: {},
      rfm: { orders: 0, revenue: 0 },
      journeys: { active: [], completed: [], converted: [] },
    });
  });

  it('counts whole days, and never a negative day for an event dated slightly ahead', () => {
    const state = { ...shopper(), lastActivityAt: new Date(now + 60_000).toISOString() };
    expect(customerFacts(state, now).daysSinceLastActivity).toBe(0);
    const fourDaysAfterLastOrder = toMs('2026-11-24T09:00:00Z');
    expect(customerFacts(shopper(), fourDaysAfterLastOrder - 1).rfm.daysSinceLastOrder).toBe(3);
    expect(customerFacts(shopper(), fourDaysAfterLastOrder).rfm.daysSinceLastOrder).toBe(4);
  });

  it('holds no identifier: no pseudonym, contact, address, order id or event id', () => {
    const state = shopper();
    const text = JSON.stringify(customerFacts(state, now));
    for (const secret of [state.pseudonym, 'sealed-contact-blob', 'order-9', 'signup']) {
      expect(text).not.toContain(secret);
    }
  });
});
