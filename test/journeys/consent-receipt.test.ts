import { describe, expect, it } from 'vitest';
import { cartJourney } from '../../journeys/cart.ts';
import { consentReceiptJourney } from '../../journeys/consent-receipt.ts';
import { hours, minutes, startJourney } from '../support/virtual-time.ts';

const deliveries = (journey: ReturnType<typeof startJourney>) =>
  journey.dispatched.flatMap((item) => (item.kind === 'delivery' ? [item.message] : []));

describe('consent receipt journey', () => {
  it('confirms the consents given together in one transactional notice per channel, five minutes later', () => {
    const journey = startJourney(consentReceiptJourney, { start: '2026-11-23T10:00:00Z' });
    expect(journey.sentTemplates).toEqual([]);
    journey.advanceBy(minutes(5));
    expect(journey.sentMessages.map((message) => [message.template, message.channel])).toEqual([
      ['consent-receipt', 'email'],
      ['consent-receipt', 'sms'],
    ]);
    expect(deliveries(journey)[0]).toMatchObject({
      category: 'transactional',
      variables: {
        changes: 'email/marketing/granted/2026-11-23T10:00:00.000Z,sms/marketing/granted/2026-11-23T10:00:00.000Z',
        changedAt: '2026-11-23T10:00:00.000Z',
        changeSource: 'test',
      },
    });
  });

  it('confirms a withdrawal by email although email marketing consent is gone, stating when and how it was made', () => {
    const journey = startJourney(consentReceiptJourney, { start: '2026-11-23T10:00:00Z' });
    journey.advanceBy(hours(5));
    journey.send('consent.changed', {
      channel: 'email',
      purpose: 'marketing',
      granted: false,
      source: 'unsubscribe-link',
      wordingVersion: 'rfc8058-one-click',
    });
    journey.advanceBy(minutes(5));
    expect(journey.lastDecision('consent-receipt')).toMatchObject({ outcome: 'send', channel: 'email', reasons: [] });
    expect(deliveries(journey).at(-1)).toMatchObject({
      variables: {
        changes: 'email/marketing/withdrawn/2026-11-23T15:00:00.000Z',
        changedAt: '2026-11-23T15:00:00.000Z',
        changeSource: 'unsubscribe-link',
      },
    });
  });

  it('states the result, not the history: a grant then a withdrawal in the same minutes is one withdrawal', () => {
    const journey = startJourney(consentReceiptJourney, { customer: 'anonymous' });
    journey.send('customer.profile_updated', { contact: { email: 'a@example.com' } });
    journey.consent('email', 'marketing', true);
    journey.advanceBy(minutes(2));
    journey.consent('email', 'marketing', false);
    journey.advanceBy(minutes(5));
    expect(journey.sentMessages).toHaveLength(1);
    expect(deliveries(journey)[0]?.variables.changes).toBe('email/marketing/withdrawn/2026-11-23T10:02:00.000Z');
  });

  it('confirms a KakaoTalk change by SMS and an "all channels" change by email', () => {
    const journey = startJourney(consentReceiptJourney, { customer: 'anonymous' });
    journey.send('customer.profile_updated', { contact: { email: 'a@example.com', phone: '+821012345678' } });
    journey.consent('kakao', 'marketing', true);
    journey.advanceBy(minutes(5));
    journey.consent('all', 'night_marketing', false);
    journey.advanceBy(minutes(5));
    expect(journey.sentMessages.map((message) => [message.channel, message.message])).toEqual([
      ['sms', 'receiptBySms'],
      ['email', 'receiptByEmail'],
    ]);
  });

  it('reaches an address that arrives after the consent, within the five minutes', () => {
    const journey = startJourney(consentReceiptJourney, { customer: 'anonymous' });
    journey.consent('email', 'marketing', true);
    journey.advanceBy(minutes(1));
    journey.send('customer.profile_updated', { contact: { email: 'a@example.com' } });
    journey.advanceBy(minutes(4));
    expect(journey.lastDecision('consent-receipt')).toMatchObject({ outcome: 'send', channel: 'email' });
  });

  it('is not held back by quiet hours or a running cart journey', () => {
    const journey = startJourney([consentReceiptJourney, cartJourney], {
      start: '2026-11-23T22:30:00Z',
      profile: { timeZone: 'UTC' },
    });
    journey.send('cart.item_added', { cartId: 'k', productId: 'p', quantity: 1, itemCount: 1 });
    journey.consent('email', 'profiling', true);
    journey.advanceBy(minutes(5));
    expect(journey.lastDecision('consent-receipt')).toMatchObject({ outcome: 'send' });
    expect(journey.journey('cart')?.status).toBe('active');
  });

  it('suppresses the receipt with missing_identifier when the customer has no address on that channel', () => {
    const journey = startJourney(consentReceiptJourney, { customer: 'anonymous' });
    journey.consent('email', 'marketing', true);
    journey.advanceBy(minutes(5));
    expect(journey.lastDecision('consent-receipt')).toMatchObject({
      outcome: 'suppressed',
      reasons: ['missing_identifier'],
    });
  });
});
