import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { customerFacts } from '../../../core/customer/facts.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import { InvalidEventPatternError, InvalidJourneyDefinitionError } from '../../../core/errors.ts';
import {
  compileEventCondition,
  compileSegment,
  customerMatches,
  eventMatches,
  withFacts,
} from '../../../core/journey-runtime/conditions.ts';
import { promoJourney } from '../../support/test-journeys.ts';

const viewed = { type: 'product.viewed', productId: 'sku-1', category: 'shoes', price: 89, currency: 'EUR' };

describe('entry filters and attribute splits', () => {
  it('matches the event detail as an EventBridge rule matches "detail"', () => {
    const expensiveShoes = compileEventCondition({
      category: [{ prefix: 'sho' }],
      price: [{ numeric: ['>=', 50] }],
    });
    expect(expensiveShoes.matches(viewed)).toBe(true);
    expect(expensiveShoes.matches({ ...viewed, price: 49.99 })).toBe(false);
    expect(expensiveShoes.matches({ ...viewed, category: 'bags' })).toBe(false);
  });

  it.each([
    [{ customerId: ['c-1'] }, 'customerId', /never see "customerId"/],
    [{ $or: [{ price: [1] }, { contact: { email: [{ exists: true }] } }] }, 'contact', /never see "contact"/],
    [{ type: ['product.viewed'] }, 'type', /entry.triggers/],
    [{ price: [{ numeric: ['>', 10, '<', 5] }] }, 'price[0].numeric', /lower bound/],
    [{ price: 50 }, 'price', /must be an array/],
    [{}, '', /empty pattern/],
  ])('rejects %j at %s with the reason', (pattern, path, reason) => {
    const attempt = () => compileEventCondition(pattern);
    expect(attempt).toThrow(InvalidEventPatternError);
    expect(attempt).toThrow(reason);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidEventPatternError).path).toBe(path);
    }
  });

  it('rejects a journey with an invalid entry filter when it is defined, naming where and why', () => {
    expect(() => promoJourney({ filter: { price: [{ numeric: ['>', 'ten'] }] } })).toThrow(
      InvalidJourneyDefinitionError,
    );
    expect(() => promoJourney({ filter: { price: [{ numeric: ['>', 'ten'] }] } })).toThrow(
      /entry\.filter\.price\[0\]\.numeric/,
    );
    expect(() => promoJourney({ segment: { rfm: { order: [{ numeric: ['>=', 2] }] } } })).toThrow(
      /entry\.segment\.rfm\.order: no such customer fact; known: orders, revenue/,
    );
  });

  it('rejects segments that name no customer fact, or treat a value as an object', () => {
    expect(() => compileSegment({ email: [{ exists: true }] })).toThrow(/no such customer fact/);
    expect(() => compileSegment({ country: { code: ['KR'] } })).toThrow(/a value, not an object/);
    expect(() => compileSegment({ rfm: ['x'] })).toThrow(/an object with orders/);
    expect(() =>
      compileSegment({ $or: [{ country: ['KR'] }, { rfm: { revenue: [{ numeric: ['>', 100] }] } }] }),
    ).not.toThrow();
  });

  it('branches a machine on an event attribute with eventMatches as a guard', () => {
    const machine = setup({
      types: {} as { events: { type: 'product.viewed'; price: number } },
      guards: { expensive: eventMatches({ price: [{ numeric: ['>=', 100] }] }) },
    }).createMachine({
      initial: 'idle',
      states: {
        idle: { on: { 'product.viewed': [{ guard: 'expensive', target: 'premium' }, { target: 'standard' }] } },
        premium: {},
        standard: {},
      },
    });
    const branch = (price: number) => {
      const actor = createActor(machine).start();
      actor.send({ type: 'product.viewed', price });
      return actor.getSnapshot().value;
    };
    expect(branch(120)).toBe('premium');
    expect(branch(99)).toBe('standard');
  });

  it('branches on customer facts with customerMatches, reading the facts the engine attached', () => {
    const vip = customerMatches({ rfm: { revenue: [{ numeric: ['>=', 500] }] } });
    const facts = (revenue: number) => () => customerFacts({ ...newCustomer('p'), rfm: { orders: 2, revenue } }, 0);
    expect(vip({ event: withFacts({ type: 'xstate.after.gap' }, facts(650)) })).toBe(true);
    expect(vip({ event: withFacts({ type: 'xstate.after.gap' }, facts(120)) })).toBe(false);
    expect(vip({ event: { type: 'xstate.after.gap' } })).toBe(false);
  });

  it('hides the attached facts from JSON and spreads: persisted events and snapshots never carry them', () => {
    const event = withFacts(viewed, () => customerFacts(newCustomer('p'), 0));
    expect(JSON.parse(JSON.stringify(event))).toEqual(viewed);
    expect(Object.keys({ ...event })).toEqual(Object.keys(viewed));
  });
});
