import { describe, expect, it } from 'vitest';
import { buildFunnels, emptyCounts, FUNNEL_DEFINITIONS } from '../../../core/outcomes/funnel.ts';
import type { OutcomeRecord } from '../../../core/outcomes/records.ts';
import { at, converted, decision, entered, exited } from './outcome-records.ts';

const funnelOf = (records: OutcomeRecord[], journeyId = 'cart') =>
  buildFunnels(records).find((funnel) => funnel.journeyId === journeyId)!;

describe('the funnel', () => {
  it('counts a message deferred and decided again once, by its final outcome', () => {
    const funnel = funnelOf([
      decision('cart:p1.1:cartReminder', 'deferred', at(22)),
      decision('cart:p1.1:cartReminder', 'deferred', at(23)),
      decision('cart:p1.1:cartReminder', 'send', at(8, 2)),
    ]);
    expect(funnel).toMatchObject({ asked: 1, sent: 1, deferred: 0, suppressed: 0, wasDeferred: 1 });
  });

  it('takes the latest decision as final whatever order the records arrive in', () => {
    const funnel = funnelOf([
      decision('cart:p1.1:cartReminder', 'suppressed', at(8, 2), { reasons: ['no_consent'] }),
      decision('cart:p1.1:cartReminder', 'deferred', at(22)),
    ]);
    expect(funnel).toMatchObject({ asked: 1, sent: 0, suppressed: 1, suppressedBy: { no_consent: 1 } });
  });

  it('counts a message still deferred when the data ends as deferred, so sent + deferred + suppressed = asked', () => {
    const funnel = funnelOf([
      decision('cart:p1.1:cartReminder', 'deferred', at(22)),
      decision('cart:p2.1:cartReminder', 'send', at(10)),
      decision('cart:p3.1:cartReminder', 'suppressed', at(10), { reasons: ['frequency_cap'] }),
    ]);
    expect(funnel).toMatchObject({ asked: 3, sent: 1, deferred: 1, suppressed: 1, wasDeferred: 1 });
  });

  it('files a suppression under its first reason and cites every reason', () => {
    const funnel = funnelOf([
      decision('cart:p1.1:cartReminder', 'suppressed', at(10), { reasons: ['no_consent', 'holdout'] }),
      decision('cart:p2.1:cartReminder', 'suppressed', at(10), { reasons: ['holdout'] }),
    ]);
    expect(funnel.suppressedBy).toEqual({ no_consent: 1, holdout: 1 });
    expect(funnel.reasonsCited).toEqual({ no_consent: 1, holdout: 2 });
  });

  it('counts each sent message under one delivery outcome, delivered first', () => {
    const funnel = funnelOf([
      decision('cart:p1.1:cartReminder', 'send', at(10)),
      decision('cart:p2.1:cartReminder', 'send', at(10)),
      decision('cart:p3.1:cartReminder', 'send', at(10)),
      decision('cart:p4.1:cartReminder', 'send', at(10)),
      { kind: 'delivery', messageId: 'cart:p1.1:cartReminder', status: 'failed', at: at(10) },
      { kind: 'delivery', messageId: 'cart:p1.1:cartReminder', status: 'delivered', at: at(11) },
      { kind: 'delivery', messageId: 'cart:p2.1:cartReminder', status: 'bounced', at: at(11) },
      { kind: 'delivery', messageId: 'cart:p3.1:cartReminder', status: 'withheld', at: at(11) },
    ]);
    expect(funnel).toMatchObject({ sent: 4, delivered: 1, bounced: 1, failed: 0, withheld: 1 });
  });

  it('counts repeated opens once and a click as an open, for sent messages only', () => {
    const id = 'cart:p1.1:cartReminder';
    const funnel = funnelOf([
      decision(id, 'send', at(10)),
      decision('cart:p2.1:cartReminder', 'send', at(10)),
      decision('cart:p3.1:cartReminder', 'suppressed', at(10), { reasons: ['no_consent'] }),
      { kind: 'engagement', messageId: id, action: 'opened', at: at(11) },
      { kind: 'engagement', messageId: id, action: 'opened', at: at(12) },
      { kind: 'engagement', messageId: 'cart:p2.1:cartReminder', action: 'clicked', at: at(11) },
      { kind: 'engagement', messageId: 'cart:p2.1:cartReminder', action: 'complained', at: at(12) },
      { kind: 'engagement', messageId: 'cart:p3.1:cartReminder', action: 'opened', at: at(11) },
    ]);
    expect(funnel).toMatchObject({ opened: 2, clicked: 1, complained: 1 });
  });

  it('counts journey conversions once per instance, and message conversions only when attributed to a sent message', () => {
    const id = 'cart:p1.1:cartReminder';
    const funnel = funnelOf([
      entered('cart', 'p1'),
      entered('cart', 'p1'),
      entered('cart', 'p2'),
      decision(id, 'send', at(10)),
      decision('cart:p2.1:cartReminder', 'suppressed', at(10), { reasons: ['holdout'] }),
      converted('cart', 'p1', { messageId: id, revenue: 40, at: at(13) }),
      converted('cart', 'p1', { messageId: id, revenue: 30, at: at(12) }),
      converted('cart', 'p2', { messageId: 'cart:p2.1:cartReminder', revenue: 25 }),
      exited('cart', 'p1', 'converted'),
      exited('cart', 'p2', 'converted'),
    ]);
    expect(funnel).toMatchObject({ entered: 2, converted: 2, revenue: 55, exited: { converted: 2 } });
    expect(funnel.messages).toEqual([
      {
        ...emptyCounts(),
        message: 'cartReminder',
        asked: 2,
        sent: 1,
        suppressed: 1,
        suppressedBy: { holdout: 1 },
        reasonsCited: { holdout: 1 },
        converted: 1,
        revenue: 30,
      },
    ]);
  });

  it('sums a journey over its messages and keeps journeys and messages in a stable order', () => {
    const funnels = buildFunnels([
      decision('purchase:p1.1:reviewRequest', 'send', at(10)),
      decision('cart:p1.1:lastChance', 'send', at(10)),
      decision('cart:p1.1:cartReminder', 'send', at(9)),
      entered('browse', 'p9'),
    ]);
    expect(funnels.map((funnel) => funnel.journeyId)).toEqual(['browse', 'cart', 'purchase']);
    const cart = funnels[1]!;
    expect(cart.messages.map((message) => message.message)).toEqual(['cartReminder', 'lastChance']);
    expect(cart).toMatchObject({ asked: 2, sent: 2, entered: 0 });
    expect(funnels[0]).toMatchObject({ entered: 1, asked: 0, messages: [] });
  });

  it('defines every count it makes', () => {
    const terms = FUNNEL_DEFINITIONS.map((definition) => definition.term).join(' ');
    for (const key of Object.keys(emptyCounts()).filter((key) => !['reasonsCited', 'revenue'].includes(key))) {
      const word = key === 'suppressedBy' ? 'suppressed by reason' : key === 'wasDeferred' ? 'was deferred' : key;
      expect(terms).toContain(word);
    }
  });
});
