import { describe, expect, it } from 'vitest';
import { buildReportModel, type ReportMeta } from '../../../core/outcomes/build-report-model.ts';
import { FUNNEL_DEFINITIONS } from '../../../core/outcomes/funnel.ts';
import type { OutcomeRecord } from '../../../core/outcomes/records.ts';
import { parseReportModel } from '../../../core/outcomes/report-model.ts';
import { at, converted, decision } from './outcome-records.ts';

const meta: ReportMeta = {
  title: 'Test report',
  generatedAt: '2026-11-30T00:00:00.000Z',
  currency: 'USD',
  dataSet: {
    name: 'test',
    from: at(0),
    to: at(23, 5),
    customers: 10,
    events: 100,
    notes: [],
  },
  attribution: { rule: 'order within 7 days of the message', orders: 9, revenue: 900 },
  controls: { 'last-chance-coupon': 'without_coupon' },
};

const split = (variant: string) => ({ name: 'last-chance-coupon', variant, rule: 'bucket < 50' });

describe('building a report model from outcome records', () => {
  it('makes a model the report accepts, with the funnel definitions it was counted with', () => {
    const model = buildReportModel([decision('cart:p1.1:cartReminder', 'send', at(10))], meta);
    expect(parseReportModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(model.definitions).toEqual(FUNNEL_DEFINITIONS);
  });

  it('counts sends per UTC day by journey, with the days between at 0', () => {
    const model = buildReportModel(
      [
        decision('cart:p1.1:cartReminder', 'send', at(10, 1)),
        decision('cart:p2.1:cartReminder', 'send', at(23, 1)),
        decision('browse:p2.1:browseFollowUp', 'send', '2026-11-04T08:00:00+09:00'),
        decision('cart:p3.1:cartReminder', 'suppressed', at(10, 2), { reasons: ['no_consent'] }),
      ],
      meta,
    );
    expect(model.sendsPerDay).toEqual([
      { date: '2026-11-01', sent: { cart: 2 } },
      { date: '2026-11-02', sent: {} },
      { date: '2026-11-03', sent: { browse: 1 } },
    ]);
  });

  it('counts messages per customer among customers a journey asked to message', () => {
    const model = buildReportModel(
      [
        decision('cart:p1.1:cartReminder', 'send', at(10)),
        decision('cart:p1.1:lastChance', 'send', at(11)),
        decision('cart:p2.1:cartReminder', 'send', at(10)),
        decision('cart:p3.1:cartReminder', 'suppressed', at(10), { reasons: ['no_consent'] }),
      ],
      meta,
    );
    expect(model.messagesPerCustomer).toEqual([
      { messages: 0, customers: 1 },
      { messages: 1, customers: 1 },
      { messages: 2, customers: 1 },
    ]);
  });

  it('puts journey instances into split arms against the named control, converting when the instance converted', () => {
    const records: OutcomeRecord[] = [
      decision('cart:p1.1:lastChanceWithCoupon', 'send', at(10), { split: split('with_coupon') }),
      decision('cart:p2.1:lastChanceWithCoupon', 'send', at(10), { split: split('with_coupon') }),
      decision('cart:p3.1:lastChance', 'send', at(10), { split: split('without_coupon') }),
      converted('cart', 'p1', { messageId: 'cart:p1.1:lastChanceWithCoupon', revenue: 50 }),
      converted('cart', 'p3', { revenue: 20 }),
    ];
    const experiment = buildReportModel(records, meta).experiments.find((candidate) => candidate.kind === 'split');
    expect(experiment).toEqual({
      id: 'cart/last-chance-coupon/with_coupon',
      journeyId: 'cart',
      title: 'last-chance-coupon: with_coupon vs without_coupon',
      kind: 'split',
      unit: 'journey instances',
      control: { name: 'without_coupon', trials: 1, successes: 1, revenue: 20 },
      variant: { name: 'with_coupon', trials: 2, successes: 1, revenue: 50 },
    });
    const withoutControl = buildReportModel(records, { ...meta, controls: {} }).experiments;
    expect(withoutControl.filter((candidate) => candidate.kind === 'split')).toEqual([]);
  });

  it('compares held-out instances with treated ones by intent to treat, transactional messages aside', () => {
    const records: OutcomeRecord[] = [
      decision('cart:p1.1:cartReminder', 'suppressed', at(10), { reasons: ['no_consent', 'holdout'] }),
      decision('cart:p2.1:cartReminder', 'send', at(10)),
      decision('cart:p3.1:cartReminder', 'suppressed', at(10), { reasons: ['no_consent'] }),
      decision('purchase:p4.1:orderConfirmation', 'send', at(10), { category: 'transactional' }),
      converted('cart', 'p1', { revenue: 10 }),
      converted('cart', 'p2', { messageId: 'cart:p2.1:cartReminder', revenue: 30 }),
    ];
    const model = buildReportModel(records, meta);
    expect(model.experiments).toEqual([
      expect.objectContaining({
        id: 'cart/holdout',
        kind: 'holdout',
        control: { name: 'holdout', trials: 1, successes: 1, revenue: 10 },
        variant: { name: 'treated', trials: 2, successes: 1, revenue: 30 },
      }),
    ]);
    expect(model.attribution).toEqual({ ...meta.attribution, attributedOrders: 1, attributedRevenue: 30 });
  });
});
