import { describe, expect, it } from 'vitest';
import { MemoryJourneyBudget } from '../../adapters/local/memory-journey-budget.ts';
import { defineJourney, type JourneyLimits } from '../../core/journey-runtime/definition.ts';
import { policy as housePolicy } from '../../journeys/policy.ts';
import { promoJourney } from '../support/test-journeys.ts';
import { days, type JourneyHarness, startJourney } from '../support/virtual-time.ts';

/** No quiet hours, so the budget is the only thing that holds a message back. */
const anyHour = { ...housePolicy, quietHours: { startHour: 0, endHour: 0 } };

const limited = (limits: JourneyLimits, options: Parameters<typeof promoJourney>[0] = {}) =>
  defineJourney({ ...promoJourney(options), limits });

/** Several customers of one shop: one harness each, one budget shared by all. */
function customers(count: number, journeys: Parameters<typeof startJourney>[0], start = '2026-11-23T10:00:00Z') {
  const budget = new MemoryJourneyBudget();
  return Array.from({ length: count }, () => startJourney(journeys, { budget, policy: anyHour, start }));
}

const viewProduct = (customer: JourneyHarness) => customer.send('product.viewed', { productId: 'sku-1' });

describe('a journey with a daily cap across all customers', () => {
  it('sends up to the cap and defers the rest to the start of the next budget day, reason journey_budget', () => {
    const shop = customers(3, limited({ daily: 2 }));
    for (const customer of shop) viewProduct(customer);
    expect(shop.map((customer) => customer.lastDecision('promo-offer')?.outcome)).toEqual(['send', 'send', 'deferred']);
    expect(shop[2]?.lastDecision('promo-offer')).toMatchObject({
      reasons: ['journey_budget'],
      deferredUntil: '2026-11-24T00:00:00.000Z',
    });
    shop[2]?.advanceTo('2026-11-24T00:00:00Z');
    expect(shop[2]?.lastDecision('promo-offer')).toMatchObject({
      outcome: 'send',
      decidedAt: '2026-11-24T00:00:00.000Z',
    });
  });

  it('suppresses the rest when the journey says so', () => {
    const shop = customers(3, limited({ daily: 2, onExceed: 'suppress' }));
    for (const customer of shop) viewProduct(customer);
    expect(shop[2]?.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['journey_budget'] });
    shop[2]?.advanceBy(days(2));
    expect(shop[2]?.sentTemplates).toEqual([]);
  });

  it("counts days in the journey's time zone: 23:00 and 00:30 in Seoul are two budget days", () => {
    const journey = limited({ daily: 1, timeZone: 'Asia/Seoul' });
    const [late, afterMidnight] = customers(2, journey, '2026-11-23T14:00:00Z');
    if (!late || !afterMidnight) throw new Error('two customers expected');
    viewProduct(late);
    afterMidnight.advanceTo('2026-11-23T15:30:00Z');
    viewProduct(afterMidnight);
    expect([late, afterMidnight].map((customer) => customer.lastDecision('promo-offer')?.outcome)).toEqual([
      'send',
      'send',
    ]);
  });

  it('does not count or hold transactional messages', () => {
    const shop = customers(3, limited({ daily: 1 }, { category: 'transactional' }));
    for (const customer of shop) viewProduct(customer);
    expect(shop.map((customer) => customer.sentTemplates)).toEqual([['promo-offer'], ['promo-offer'], ['promo-offer']]);
  });

  it('gives the moment to a lower-priority journey when the higher one is out of budget', () => {
    const journeys = [limited({ daily: 1 }, { id: 'high', priority: 20 }), promoJourney({ id: 'low', priority: 10 })];
    const [first, second] = customers(2, journeys);
    if (!first || !second) throw new Error('two customers expected');
    viewProduct(first);
    expect(first.sentTemplates).toEqual(['high-offer']);
    expect(first.lastDecision('low-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['priority_conflict'] });
    viewProduct(second);
    expect(second.sentTemplates).toEqual(['low-offer']);
    expect(second.lastDecision('high-offer')).toMatchObject({ outcome: 'deferred', reasons: ['journey_budget'] });
  });
});

describe('a journey with a total cap', () => {
  it('suppresses every message over it, even when the journey defers over its daily cap', () => {
    const shop = customers(3, limited({ daily: 5, total: 2, onExceed: 'defer' }));
    for (const customer of shop) viewProduct(customer);
    expect(shop[2]?.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['journey_budget'] });
    const later = startJourney(limited({ total: 2 }), { budget: shop[0]?.budget, policy: anyHour });
    later.advanceBy(days(30));
    viewProduct(later);
    expect(later.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['journey_budget'] });
  });
});
