import { describe, expect, it } from 'vitest';
import { InvalidJourneyDefinitionError } from '../../core/errors.ts';
import type { SendWindows } from '../../core/policy/send-windows.ts';
import { promoJourney } from '../support/test-journeys.ts';
import { startJourney } from '../support/virtual-time.ts';

const weekdaysTenToSix = { start: '10:00', end: '18:00' };
const officeHours: SendWindows = {
  openHours: {
    email: {
      monday: [weekdaysTenToSix],
      tuesday: [weekdaysTenToSix],
      wednesday: [weekdaysTenToSix],
      thursday: [weekdaysTenToSix],
      friday: [weekdaysTenToSix],
    },
  },
  closedOnHolidays: true,
};
const view = { productId: 'sku-1' };
const seoul = { timeZone: 'Asia/Seoul', country: 'KR' };

describe('send windows and closed days', () => {
  it('defers a message asked before opening time to the opening, in the recipient local time', () => {
    // Monday 2026-11-23 09:00 KST
    const journey = startJourney(promoJourney({ sendWindows: officeHours }), {
      start: '2026-11-23T00:00:00Z',
      profile: seoul,
    });
    journey.send('product.viewed', view);
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'deferred',
      reasons: ['outside_open_hours'],
      deferredUntil: '2026-11-23T01:00:00.000Z',
    });
    journey.advanceTo('2026-11-23T01:00:00Z');
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'send',
      decidedAt: '2026-11-23T01:00:00.000Z',
    });
  });

  it('sends at once inside the open hours', () => {
    const journey = startJourney(promoJourney({ sendWindows: officeHours }), {
      start: '2026-11-23T03:30:00Z',
      profile: seoul,
    });
    journey.send('product.viewed', view);
    expect(journey.sentTemplates).toEqual(['promo-offer']);
  });

  it('defers a message asked on a closed weekday to the next open weekday', () => {
    // Saturday 2026-11-28 14:00 KST → Monday 2026-11-30 10:00 KST
    const journey = startJourney(promoJourney({ sendWindows: officeHours }), {
      start: '2026-11-28T05:00:00Z',
      profile: seoul,
    });
    journey.send('product.viewed', view);
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'deferred',
      reasons: ['outside_open_hours'],
      deferredUntil: '2026-11-30T01:00:00.000Z',
    });
  });

  it('defers a message due on 추석 to the next open day at 10:00 KST, past the Sunday after it', () => {
    // 추석 2026: Thursday 24 to Saturday 26 September; Sunday 27 is closed by the open hours.
    const journey = startJourney(promoJourney({ sendWindows: officeHours }), {
      start: '2026-09-24T02:00:00Z',
      profile: seoul,
    });
    journey.send('product.viewed', view);
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      outcome: 'deferred',
      reasons: ['closed_day', 'outside_open_hours'],
      deferredUntil: '2026-09-28T01:00:00.000Z',
    });
    journey.advanceTo('2026-09-30T00:00:00Z');
    expect(journey.sentMessages.map((decision) => decision.decidedAt)).toEqual(['2026-09-28T01:00:00.000Z']);
  });

  it('ignores holidays of other countries and journeys that do not close on holidays', () => {
    const german = startJourney(promoJourney({ sendWindows: officeHours }), {
      start: '2026-09-24T08:00:00Z',
      profile: { timeZone: 'Europe/Berlin', country: 'DE' },
    });
    german.send('product.viewed', view);
    expect(german.sentTemplates).toEqual(['promo-offer']);
    const openOnHolidays = startJourney(promoJourney({ sendWindows: { ...officeHours, closedOnHolidays: false } }), {
      start: '2026-09-24T02:00:00Z',
      profile: seoul,
    });
    openOnHolidays.send('product.viewed', view);
    expect(openOnHolidays.sentTemplates).toEqual(['promo-offer']);
  });

  it("closes on the journey's own closed days for every recipient", () => {
    const stockTake = { ...officeHours, closedDays: [{ name: 'stock-take', from: '2026-11-23', to: '2026-11-24' }] };
    const journey = startJourney(promoJourney({ sendWindows: stockTake }), { start: '2026-11-23T12:00:00Z' });
    journey.send('product.viewed', view);
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      reasons: ['closed_day', 'outside_open_hours'],
      deferredUntil: '2026-11-25T10:00:00.000Z',
    });
  });

  it('respects quiet hours inside open hours: opening at 06:00 still waits for 08:00 without night consent', () => {
    const early: SendWindows = { openHours: { email: { tuesday: [{ start: '06:00', end: '23:00' }] } } };
    // Tuesday 2026-11-24 06:30 KST
    const journey = startJourney(promoJourney({ sendWindows: early }), {
      start: '2026-11-23T21:30:00Z',
      profile: seoul,
    });
    journey.send('product.viewed', view);
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      reasons: ['quiet_hours', 'night_consent_missing'],
      deferredUntil: '2026-11-23T23:00:00.000Z',
    });
  });

  it('lets night consent open the quiet hours the open hours allow (KR)', () => {
    const late: SendWindows = { openHours: { email: { monday: [{ start: '20:00', end: '23:00' }] } } };
    const journey = startJourney(promoJourney({ sendWindows: late }), {
      start: '2026-11-23T13:00:00Z',
      profile: seoul,
    });
    journey.consent('email', 'night_marketing', true);
    journey.send('product.viewed', view);
    expect(journey.sentTemplates).toEqual(['promo-offer']);
  });

  it('names the constraint the slot waits for: quiet hours end later than the closed day', () => {
    // 설날 2026 ends Wednesday 18 February; Thursday opens at 00:00 by open hours but quiet hours hold until 08:00.
    const allDay: SendWindows = { closedOnHolidays: true };
    const journey = startJourney(promoJourney({ sendWindows: allDay }), {
      start: '2026-02-18T05:00:00Z',
      profile: seoul,
    });
    journey.send('product.viewed', view);
    expect(journey.lastDecision('promo-offer')).toMatchObject({
      reasons: ['closed_day', 'quiet_hours', 'night_consent_missing'],
      deferredUntil: '2026-02-18T23:00:00.000Z',
    });
  });

  it('does not hold transactional messages to the open hours', () => {
    const journey = startJourney(promoJourney({ sendWindows: officeHours, category: 'transactional' }), {
      start: '2026-11-28T05:00:00Z',
      profile: seoul,
    });
    journey.send('product.viewed', view);
    expect(journey.sentTemplates).toEqual(['promo-offer']);
  });

  it.each<[string, SendWindows, RegExp]>([
    ['a malformed time', { openHours: { email: { monday: [{ start: '9:00', end: '18:00' }] } } }, /HH:MM/],
    [
      'a period that ends before it starts',
      { openHours: { sms: { friday: [{ start: '18:00', end: '10:00' }] } } },
      /must start before/,
    ],
    ['a channel open on no weekday', { openHours: { email: { monday: [] } } }, /opens on no weekday/],
    ['an unknown weekday', { openHours: { email: { funday: [weekdaysTenToSix] } } as never }, /unknown weekday/],
    ['a closed day with a bad date', { closedDays: [{ name: 'sale', from: '2026-13-01' }] }, /YYYY-MM-DD/],
  ])('rejects send windows with %s when the journey is defined', (_what, sendWindows, reason) => {
    expect(() => promoJourney({ sendWindows })).toThrow(InvalidJourneyDefinitionError);
    expect(() => promoJourney({ sendWindows })).toThrow(reason);
  });
});
