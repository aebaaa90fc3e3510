import { describe, expect, it } from 'vitest';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import { recheckBeforeDelivery } from '../../core/policy/engine.ts';
import { browseJourney } from '../../journeys/browse.ts';
import { cartJourney } from '../../journeys/cart.ts';
import { policy } from '../../journeys/policy.ts';
import { hours, startJourney } from '../support/virtual-time.ts';

/** 10:00 in Seoul: no quiet hours in the way. */
const SEOUL_MORNING = '2026-11-23T01:00:00Z';
const korean = { profile: { country: 'KR', timeZone: 'Asia/Seoul' }, start: SEOUL_MORNING };
const cartAdd = { cartId: 'cart-1', productId: 'sku-1', quantity: 1, itemCount: 1, cartValue: 39000, currency: 'KRW' };

function deliveries(journey: ReturnType<typeof startJourney>): DeliveryRequest[] {
  return journey.dispatched.flatMap((item) => (item.kind === 'delivery' ? [item.message] : []));
}

describe('profiling consent (house policy: required in KR)', () => {
  it('suppresses a KR browse follow-up about the viewed product without profiling consent', () => {
    const journey = startJourney(browseJourney, korean);
    journey.send('product.viewed', { productId: 'sku-1', price: 89000, currency: 'KRW' });
    journey.advanceBy(hours(3));
    expect(journey.lastDecision('browse-follow-up')).toMatchObject({
      outcome: 'suppressed',
      reasons: ['no_profiling_consent'],
    });
    expect(deliveries(journey)).toEqual([]);
  });

  it('sends the KR browse follow-up once the customer gives profiling consent on the channel', () => {
    const journey = startJourney(browseJourney, korean);
    journey.consent('email', 'profiling', true);
    journey.send('product.viewed', { productId: 'sku-1' });
    journey.advanceBy(hours(3));
    expect(journey.lastDecision('browse-follow-up')).toMatchObject({ outcome: 'send', reasons: [] });
    expect(deliveries(journey)[0]).toMatchObject({ template: 'browse-follow-up', profiled: true });
  });

  it('sends the generic cart reminder, without the cart facts, to a KR customer without profiling consent', () => {
    const journey = startJourney(cartJourney, korean);
    journey.send('cart.item_added', cartAdd);
    journey.advanceBy(hours(1));
    const decision = journey.decisions.find((record) => record.message === 'cartReminder');
    expect(decision).toMatchObject({
      outcome: 'send',
      template: 'cart-reminder-generic',
      generic: { instead: 'cart-reminder', reason: 'no_profiling_consent' },
    });
    const [delivery] = deliveries(journey);
    expect(delivery).toMatchObject({ template: 'cart-reminder-generic', variables: {} });
    expect(delivery).not.toHaveProperty('profiled');
    expect(journey.events.find((event) => event.detailType === 'message.decided')?.detail).toMatchObject({
      template: 'cart-reminder-generic',
      generic: true,
    });
  });

  it('suppresses the last chance, which has no generic version, where the reminder went out generic', () => {
    const journey = startJourney(cartJourney, korean);
    journey.send('cart.item_added', cartAdd);
    journey.advanceBy(hours(24));
    expect(journey.sentTemplates).toEqual(['cart-reminder-generic']);
    const lastChance = journey.decisions.at(-1);
    expect(lastChance?.message).toMatch(/^lastChance/);
    expect(lastChance).toMatchObject({ outcome: 'suppressed', reasons: ['no_profiling_consent'] });
  });

  it('sends the cart reminder with the cart facts once profiling consent is given, and marks it for re-checking', () => {
    const journey = startJourney(cartJourney, korean);
    journey.consent('all', 'profiling', true);
    journey.send('cart.item_added', cartAdd);
    journey.advanceBy(hours(1));
    const [delivery] = deliveries(journey);
    expect(delivery).toMatchObject({ template: 'cart-reminder', profiled: true, variables: { cartValue: 39000 } });
    expect(journey.lastDecision('cart-reminder')).not.toHaveProperty('generic');
  });

  it('still cites every other reason: no marketing consent is not hidden behind the generic version', () => {
    const journey = startJourney(cartJourney, { ...korean, customer: 'anonymous' });
    journey.send('customer.profile_updated', { contact: { email: 'jimin@example.kr' } });
    journey.send('cart.item_added', cartAdd);
    journey.advanceBy(hours(1));
    expect(journey.decisions.at(-1)).toMatchObject({
      template: 'cart-reminder',
      outcome: 'suppressed',
      reasons: ['missing_identifier', 'no_consent'],
    });
  });

  it('does not ask for profiling consent where the country does not require it', () => {
    const journey = startJourney(browseJourney, { profile: { country: 'US', timeZone: 'America/New_York' } });
    journey.advanceTo('2026-11-23T14:00:00Z');
    journey.send('product.viewed', { productId: 'sku-1' });
    journey.advanceBy(hours(3));
    expect(journey.lastDecision('browse-follow-up')).toMatchObject({ outcome: 'send', reasons: [] });
  });

  it('lets the house policy turn the requirement off for KR', () => {
    const relaxed = {
      ...policy,
      countryRules: { ...policy.countryRules, KR: { ...policy.countryRules.KR, profilingConsentRequired: false } },
    };
    const journey = startJourney(browseJourney, { ...korean, policy: relaxed });
    journey.send('product.viewed', { productId: 'sku-1' });
    journey.advanceBy(hours(3));
    expect(journey.lastDecision('browse-follow-up')).toMatchObject({ outcome: 'send', reasons: [] });
  });

  it('stops a behaviour-based message at delivery when profiling consent was withdrawn after the decision', () => {
    const journey = startJourney(browseJourney, korean);
    journey.consent('email', 'profiling', true);
    journey.send('product.viewed', { productId: 'sku-1' });
    journey.advanceBy(hours(3));
    const [delivery] = deliveries(journey);
    if (!delivery) throw new Error('the follow-up was not decided send');
    expect(recheckBeforeDelivery(journey.state, delivery, journey.now, journey.policy)).toEqual([]);

    journey.consent('email', 'profiling', false);
    expect(recheckBeforeDelivery(journey.state, delivery, journey.now, journey.policy)).toEqual([
      'no_profiling_consent',
    ]);
  });
});
