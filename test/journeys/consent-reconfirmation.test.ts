import { describe, expect, it } from 'vitest';
import { consentReconfirmationJourney } from '../../journeys/consent-reconfirmation.ts';
import { promoJourney } from '../support/test-journeys.ts';
import { days, startJourney } from '../support/virtual-time.ts';

const seoul = { timeZone: 'Asia/Seoul', country: 'KR', contact: { email: 'a@example.com', phone: '+821012345678' } };

describe('consent reconfirmation journey', () => {
  it('asks a KR customer to reconfirm once the two-year-old email consent holds back an offer, once per grant', () => {
    const journey = startJourney([consentReconfirmationJourney, promoJourney()], {
      customer: 'anonymous',
      start: '2024-11-23T03:00:00Z',
      profile: seoul,
    });
    journey.consent('email', 'marketing', true);
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'send' });
    expect(journey.sentTemplates).not.toContain('consent-reconfirmation');

    journey.advanceBy(days(731));
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['consent_stale'] });
    expect(journey.lastDecision('consent-reconfirmation')).toMatchObject({
      outcome: 'send',
      channel: 'email',
      category: 'transactional',
    });
    const delivery = journey.dispatched.findLast((item) => item.kind === 'delivery');
    expect(delivery).toMatchObject({
      message: { locale: 'ko', variables: { consentChannel: 'email', grantedAt: '2024-11-23T03:00:00.000Z' } },
    });

    journey.advanceBy(days(3));
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.sentTemplates.filter((template) => template === 'consent-reconfirmation')).toHaveLength(1);
  });

  it('asks by SMS when it is the SMS consent that is due', () => {
    const journey = startJourney([consentReconfirmationJourney, promoJourney({ channels: ['sms'] })], {
      customer: 'anonymous',
      start: '2024-11-23T03:00:00Z',
      profile: seoul,
    });
    journey.consent('sms', 'marketing', true);
    journey.advanceBy(days(731));
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('consent-reconfirmation')).toMatchObject({ outcome: 'send', channel: 'sms' });
  });

  it('lets a fresh grant lift the hold: offers flow again and no further reconfirmation is asked', () => {
    const journey = startJourney([consentReconfirmationJourney, promoJourney()], {
      customer: 'anonymous',
      start: '2024-11-23T03:00:00Z',
      profile: seoul,
    });
    journey.consent('email', 'marketing', true);
    journey.advanceBy(days(731));
    journey.send('product.viewed', { productId: 'p' });
    journey.advanceBy(days(2));
    journey.consent('email', 'marketing', true);
    journey.advanceBy(days(7));
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'send' });
    expect(journey.sentTemplates.filter((template) => template === 'consent-reconfirmation')).toHaveLength(1);
  });
});
