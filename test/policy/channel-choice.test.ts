import { describe, expect, it } from 'vitest';
import type { MessageRequest } from '../../core/customer/request.ts';
import type { Channel } from '../../core/events/schemas.ts';
import { promoJourney } from '../support/test-journeys.ts';
import { hours, startJourney } from '../support/virtual-time.ts';

const kakaoSmsEmail = ['kakao', 'sms', 'email'] as const;
const korean = { timeZone: 'Asia/Seoul', country: 'KR' };
const noon = '2026-11-23T03:00:00Z';
const catalogWithout = (missing: Channel) => ({ has: (_template: string, channel: Channel) => channel !== missing });

describe('channel choice (DESIGN.md §13)', () => {
  it('sends a transactional message on the first listed channel with an address and records the skipped one', () => {
    const journey = startJourney(promoJourney({ channels: kakaoSmsEmail, category: 'transactional' }), {
      customer: 'anonymous',
      profile: { contact: { phone: '+821012345678', email: 'a@example.com' } },
    });
    journey.send('product.viewed', { productId: 'p' });

    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'send',
      channel: 'sms',
      skipped: [{ channel: 'kakao', reasons: ['missing_identifier'] }],
      fallbacks: ['email'],
    });
    const delivery = journey.dispatched.find((item) => item.kind === 'delivery');
    expect(delivery).toMatchObject({ message: { channel: 'sms', fallbacks: ['email'] } });
  });

  it('skips a channel without marketing consent for a promotional message and uses the next one', () => {
    const journey = startJourney(promoJourney({ channels: ['kakao', 'email'] }), {
      customer: 'anonymous',
      start: noon,
      profile: { ...korean, contact: { kakaoId: '+821012345678', email: 'a@example.com' } },
    });
    journey.consent('email', 'marketing', true);
    journey.send('product.viewed', { productId: 'p' });

    const decision = journey.lastDecision('promo-offer');
    expect(decision).toMatchObject({ outcome: 'send', channel: 'email' });
    expect(decision?.skipped).toEqual([{ channel: 'kakao', reasons: ['no_consent'] }]);
    expect(decision?.fallbacks).toBeUndefined();
  });

  it('skips a channel the template has no version for', () => {
    const journey = startJourney(promoJourney({ channels: kakaoSmsEmail, category: 'transactional' }), {
      customer: 'anonymous',
      templates: catalogWithout('kakao'),
      profile: { contact: { kakaoId: '+821012345678', phone: '+821012345678' } },
    });
    journey.send('product.viewed', { productId: 'p' });

    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'send',
      channel: 'sms',
      skipped: [
        { channel: 'kakao', reasons: ['no_template'] },
        { channel: 'email', reasons: ['missing_identifier'] },
      ],
    });
  });

  it('suppresses with every reason of every channel when none can carry the message', () => {
    const journey = startJourney(promoJourney({ channels: ['kakao', 'email'] }), {
      customer: 'anonymous',
      profile: { contact: { email: 'a@example.com' } },
    });
    journey.send('product.viewed', { productId: 'p' });

    const decision = journey.lastDecision('promo-offer');
    expect(decision).toMatchObject({
      outcome: 'suppressed',
      reasons: ['missing_identifier', 'no_consent'],
      channel: 'kakao',
    });
    expect(decision?.skipped).toEqual([
      { channel: 'kakao', reasons: ['missing_identifier', 'no_consent'] },
      { channel: 'email', reasons: ['no_consent'] },
    ]);
    expect(journey.dispatched.some((item) => item.kind === 'delivery')).toBe(false);
  });

  it("uses the list of the customer's country, and the others list for everyone else", () => {
    const channels = { byCountry: { KR: ['kakao', 'email'] }, others: ['email'] } as const;
    const contact = { kakaoId: '+821012345678', email: 'a@example.com' };
    const seoul = startJourney(promoJourney({ channels, category: 'transactional' }), {
      customer: 'anonymous',
      profile: { ...korean, contact },
    });
    const berlin = startJourney(promoJourney({ channels, category: 'transactional' }), {
      customer: 'anonymous',
      profile: { country: 'DE', contact },
    });
    seoul.send('product.viewed', { productId: 'p' });
    berlin.send('product.viewed', { productId: 'p' });

    expect(seoul.lastDecision('promo-offer')).toMatchObject({ channel: 'kakao', fallbacks: ['email'] });
    expect(berlin.lastDecision('promo-offer')).toMatchObject({ channel: 'email' });
    expect(berlin.lastDecision('promo-offer')?.skipped).toBeUndefined();
  });

  it('skips SMS once its own cap is reached, and counts a message that may fall back to SMS against that cap', () => {
    const journey = startJourney(
      [
        promoJourney({ id: 'first', channels: ['email', 'sms'] }),
        promoJourney({ id: 'second', channels: ['sms', 'email'], onConflict: 'defer' }),
      ],
      { start: '2026-11-23T10:00:00Z' },
    );
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('first-offer')).toMatchObject({
      outcome: 'send',
      channel: 'email',
      fallbacks: ['sms'],
    });
    expect(journey.lastDecision('second-offer')).toMatchObject({ outcome: 'deferred', reasons: ['priority_conflict'] });

    journey.advanceBy(hours(3));
    expect(journey.lastDecision('second-offer')).toMatchObject({
      outcome: 'send',
      channel: 'email',
      skipped: [{ channel: 'sms', reasons: ['frequency_cap'] }],
    });
  });

  it('records the channel a held-back message would have gone on', () => {
    const journey = startJourney(promoJourney({ channels: ['kakao', 'email'] }), { holdout: true });
    journey.send('product.viewed', { productId: 'p' });
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'suppressed',
      reasons: ['holdout'],
      wouldHaveSent: true,
      channel: 'email',
    });
  });

  it('decides a deferred message stored with one channel, before channel lists, as a list of that one', () => {
    const journey = startJourney(promoJourney({ channels: ['sms'] }), {
      start: '2026-11-23T22:30:00+09:00',
      profile: { ...korean, contact: { phone: '+821012345678' } },
    });
    journey.send('product.viewed', { productId: 'p' });
    const timer = journey.state.timers.find((pending) => pending.kind === 'deferred');
    if (timer?.kind !== 'deferred') throw new Error('expected a deferred message');
    const { channels: _channels, ...request } = timer.request;
    (timer as { request: unknown }).request = { ...request, channel: 'sms' } satisfies Omit<
      MessageRequest,
      'channels'
    > & {
      channel: Channel;
    };

    journey.advanceTo('2026-11-24T08:00:00+09:00');
    expect(journey.lastDecision('promo-offer')).toMatchObject({ outcome: 'send', channel: 'sms' });
  });
});
