import { describe, expect, it } from 'vitest';
import { orderOf } from '../support/sample-events.ts';
import { promoJourney } from '../support/test-journeys.ts';
import { days, hours, startJourney } from '../support/virtual-time.ts';

const smsPromo = promoJourney({ channels: ['sms'] });
const seoul = { timeZone: 'Asia/Seoul', country: 'KR', contact: { phone: '+821012345678' } };
const at2230Seoul = '2026-11-23T22:30:00+09:00';

describe('consent', () => {
  it('sends no promotional message without marketing consent', () => {
    const journey = startJourney(promoJourney(), { customer: 'anonymous', profile: { contact: { email: 'a@b.co' } } });
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['no_consent'] });
  });

  it('suppresses with missing_identifier when the channel has no address', () => {
    const journey = startJourney(smsPromo, { profile: { contact: { email: 'a@b.co' } } });
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'suppressed',
      reasons: ['missing_identifier'],
    });
  });

  it('treats KR marketing consent older than two years as stale and asks for reconfirmation once', () => {
    const journey = startJourney(promoJourney(), {
      customer: 'anonymous',
      start: '2026-11-23T03:00:00Z',
      profile: { timeZone: 'Asia/Seoul', country: 'KR', contact: { email: 'a@b.co' } },
    });
    journey.consent('email', 'marketing', true, '2024-11-01T10:00:00+09:00');
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['consent_stale'] });
    const reconfirmations = journey.events.filter((event) => event.detailType === 'consent.reconfirmation_due');
    expect(reconfirmations).toHaveLength(1);
    expect(reconfirmations[0]?.detail).toMatchObject({ channel: 'email', grantedAt: '2024-11-01T01:00:00.000Z' });
  });

  it('honours a withdrawal received after a grant even when the withdrawal is dated earlier, and records both proofs', () => {
    const journey = startJourney(promoJourney(), { customer: 'anonymous', profile: { contact: { email: 'a@b.co' } } });
    journey.consent('email', 'marketing', true, '2026-11-23T09:00:00Z');
    journey.consent('email', 'marketing', false, '2026-11-20T09:00:00Z');
    expect(journey.state.consent['email:marketing']).toMatchObject({ granted: false });
    expect(journey.dispatched.filter((item) => item.kind === 'consent-proof')).toHaveLength(2);
  });

  it('ignores a grant that arrives late, dated before the withdrawal it would undo', () => {
    const journey = startJourney(promoJourney(), { customer: 'anonymous', profile: { contact: { email: 'a@b.co' } } });
    journey.consent('email', 'marketing', false, '2026-11-23T09:00:00Z');
    journey.consent('email', 'marketing', true, '2026-11-22T09:00:00Z');
    expect(journey.state.consent['email:marketing']).toMatchObject({ granted: false });
    journey.consent('email', 'marketing', true, '2026-11-23T09:30:00Z');
    expect(journey.state.consent['email:marketing']).toMatchObject({ granted: true });
  });

  it('applies consent for channel "all" to every channel', () => {
    const journey = startJourney(smsPromo, { customer: 'anonymous', profile: { contact: { phone: '+14155550100' } } });
    journey.consent('all', 'marketing', true);
    expect(Object.keys(journey.state.consent).sort()).toEqual([
      'email:marketing',
      'kakao:marketing',
      'push:marketing',
      'sms:marketing',
    ]);
  });
});

describe('quiet hours', () => {
  it('defers a promotional SMS decided at 22:30 in Asia/Seoul to 08:00 and sends it then', () => {
    const journey = startJourney(smsPromo, { start: at2230Seoul, profile: seoul });
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'deferred',
      reasons: ['quiet_hours', 'night_consent_missing'],
      deferredUntil: '2026-11-23T23:00:00.000Z',
    });
    expect(journey.pendingTimers[0]).toMatchObject({ kind: 'deferred', fireAt: '2026-11-23T23:00:00.000Z' });
    journey.advanceTo('2026-11-24T07:59:00+09:00');
    expect(journey.sentTemplates).toEqual([]);
    journey.advanceTo('2026-11-24T08:00:00+09:00');
    expect(journey.sentMessages).toMatchObject([{ template: 'promo-offer', decidedAt: '2026-11-23T23:00:00.000Z' }]);
  });

  it('sends a promotional SMS at 22:30 in Asia/Seoul when night-time marketing consent exists', () => {
    const journey = startJourney(smsPromo, { start: at2230Seoul, profile: seoul });
    journey.consent('sms', 'night_marketing', true);
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'send',
      decidedAt: '2026-11-23T13:30:00.000Z',
    });
  });

  it('does not let night consent lift quiet hours outside Korea', () => {
    const journey = startJourney(promoJourney(), {
      start: '2026-11-23T22:30:00-05:00',
      profile: { timeZone: 'America/New_York', country: 'US', contact: { email: 'a@b.co' } },
    });
    journey.consent('email', 'night_marketing', true);
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'deferred',
      reasons: ['quiet_hours'],
      deferredUntil: '2026-11-24T13:00:00.000Z',
    });
  });

  it('sends transactional messages during quiet hours', () => {
    const journey = startJourney(promoJourney({ channels: ['sms'], category: 'transactional' }), {
      start: at2230Seoul,
      profile: seoul,
      customer: 'anonymous',
    });
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'send' });
  });

  it('honours a withdrawal for a message already waiting for the morning', () => {
    const journey = startJourney(smsPromo, { start: at2230Seoul, profile: seoul });
    journey.send('product.viewed', { productId: 'p' });
    journey.advanceBy(hours(1));
    journey.consent('sms', 'marketing', false);
    journey.advanceBy(days(1));
    expect(journey.sentTemplates).toEqual([]);
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['no_consent'] });
  });

  it('suppresses a waiting message with exited when its journey ended before the morning', () => {
    const journey = startJourney(smsPromo, { start: at2230Seoul, profile: seoul });
    journey.send('product.viewed', { productId: 'p' });
    journey.send('order.placed', orderOf('p', 1, 'KRW'));
    journey.advanceBy(days(1));
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['exited'] });
  });

  it('follows a daylight-saving change when deferring (New York, 2026-11-01)', () => {
    const journey = startJourney(promoJourney(), {
      start: '2026-10-31T23:30:00-04:00',
      profile: { timeZone: 'America/New_York', country: 'US', contact: { email: 'a@b.co' } },
    });
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')?.deferredUntil).toBe('2026-11-01T13:00:00.000Z');
  });
});
