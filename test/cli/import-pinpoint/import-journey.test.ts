import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LiquidTemplateRenderer } from '../../../adapters/templates/liquid-renderer.ts';
import { dimensionsToPattern, EventMap, isoDuration } from '../../../cli/import-pinpoint/events.ts';
import { importPinpointJourney } from '../../../cli/import-pinpoint/import-journey.ts';
import { InvalidPinpointJourneyError } from '../../../cli/import-pinpoint/parse-journey.ts';
import { renderTemplateStubs } from '../../../cli/import-pinpoint/render-templates.ts';
import { splitBucket } from '../../../core/journey-runtime/imported-journey.ts';
import { compilePattern } from '../../../core/patterns/compile-pattern.ts';
import { days, hours, minutes } from '../../../core/time.ts';
import { deliveryRequest, shop, templatesDir } from '../../adapters/templates/fixtures.ts';
import { CART_FIXTURE } from './generate.ts';

const fixtureText = readFileSync(CART_FIXTURE, 'utf8');
const fixture = JSON.parse(fixtureText).JourneyResponse as Record<string, unknown>;
const events = { AddToCart: 'cart.item_added' };
const imported = () => importPinpointJourney(fixtureText, 'cart.json', { events });

// biome-ignore lint/suspicious/noExplicitAny: tests reach into the fixture's JSON to break one field at a time
type Json = any;

/** The fixture with one change, as get-journey output. */
function variant(change: (journey: Json) => void): string {
  const copy: Json = structuredClone(fixture);
  change(copy);
  return JSON.stringify({ JourneyResponse: copy });
}

const problemsOf = (text: string, options: { events: Record<string, string> } = { events }) => {
  try {
    importPinpointJourney(text, 'journey.json', options);
  } catch (error) {
    if (error instanceof InvalidPinpointJourneyError) return error.problems;
    return [(error as Error).message];
  }
  return [];
};

describe('importing a Pinpoint journey', () => {
  it('accounts in its report for every top-level setting, every limit and every activity of the journey', () => {
    const paths = imported().report.map((entry) => entry.path);
    const covered = (key: string) => paths.some((path) => path === key || path.startsWith(`${key}.`));
    const limits = Object.keys(fixture.Limits as object).map((key) => `Limits.${key}`);
    const activities = Object.keys(fixture.Activities as object).map((key) => `Activities.${key}`);
    const settings = Object.keys(fixture).filter((key) => key !== 'Activities' && key !== 'Limits');
    expect([...settings, ...limits, ...activities].filter((key) => !covered(key))).toEqual([]);
  });

  it('maps per-customer limits onto journey caps and entry rules, and the rest into pending metadata', () => {
    const journey = imported();
    expect(journey.caps.map(({ max, window }) => ({ max, window }))).toEqual([
      { max: 2, window: hours(24) },
      { max: 3, window: days(7) },
      { max: 5, window: days(3650) },
    ]);
    expect(journey.entry).toEqual({ maxEntries: 3, reentryCooldown: days(1) });
    expect(journey.pending.limits).toEqual({ perSecond: 50 });
    expect(journey.pending.lifecycle).toEqual({
      state: 'active',
      activeFrom: '2026-01-01T00:00:00+09:00',
      activeUntil: '2027-12-31T23:59:59+09:00',
    });
  });

  it('turns quiet time 22:00–08:00 and open hours into open periods that satisfy both, and closed days into dates', () => {
    const windows = imported().pending.sendWindows;
    expect(windows?.openHours?.email).toMatchObject({
      monday: [{ start: '09:00', end: '21:00' }],
      saturday: [{ start: '10:00', end: '22:00' }],
    });
    expect(windows?.openHours?.email?.sunday).toBeUndefined();
    expect(windows?.openHours?.sms).toEqual({
      monday: [{ start: '10:00', end: '20:00' }],
      friday: [{ start: '10:00', end: '20:00' }],
    });
    expect(windows?.closedDays).toEqual([
      { name: '추석 2026', from: '2026-09-24', to: '2026-09-26' },
      { name: 'Year-end stock-take', from: '2026-12-31' },
    ]);
    const closed = imported().report.find((entry) => entry.path === 'ClosedDays');
    expect(closed).toMatchObject({ status: 'approximated' });
    expect(closed?.note).toContain('Year-end stock-take only on EMAIL');
  });

  it('leaves quiet time to the house policy when it is the same window', () => {
    const text = variant((journey) => {
      journey.QuietTime = { Start: '21:00', End: '08:00' };
      delete journey.OpenHours;
    });
    const journey = importPinpointJourney(text, 'j.json', { events });
    expect(journey.report.find((entry) => entry.path === 'QuietTime')).toMatchObject({
      status: 'mapped',
      to: 'policy.quietHours',
    });
    expect(journey.pending.sendWindows?.openHours).toBeUndefined();
  });

  it('lists a field it does not know, at the top level, in a setting or in an activity, as unsupported', () => {
    const text = variant((journey) => {
      journey.NewSetting = true;
      journey.Limits.PerRegionCap = 3;
      journey.Activities.LastChance.Priority = 'HIGH';
    });
    const unsupported = importPinpointJourney(text, 'j.json', { events })
      .report.filter((entry) => entry.status === 'unsupported')
      .map((entry) => entry.path);
    expect(unsupported).toEqual(
      expect.arrayContaining(['NewSetting', 'Limits.PerRegionCap', 'Activities.LastChance.Priority']),
    );
  });

  it('lists an activity it cannot run as unsupported and lets customers pass through it', () => {
    const journey = imported();
    expect(journey.states.notifyCrm).toEqual({
      kind: 'pass',
      activity: 'NotifyCrm',
      next: 'completed',
      note: expect.any(String),
    });
    expect(journey.report.find((entry) => entry.path === 'Activities.NotifyCrm')).toMatchObject({
      status: 'unsupported',
    });
  });

  it('names the file, the path and the rule for every problem in the input', () => {
    const problems = problemsOf(
      variant((journey) => {
        journey.Activities.WaitOneHour.Wait.WaitTime.WaitFor = '1 hour';
        journey.Activities.CouponTest.RandomSplit.Branches[0].NextActivity = 'Nowhere';
        journey.Limits.DailyCap = -1;
      }),
    );
    expect(problems).toContain(
      'JourneyResponse.Activities.WaitOneHour.Wait.WaitTime.WaitFor: must be an ISO 8601 duration such as PT1H or P1D',
    );
    expect(problems.some((problem) => problem.startsWith('JourneyResponse.Limits.DailyCap:'))).toBe(true);
    expect(
      problemsOf(
        variant((journey) => {
          journey.Activities.CouponTest.RandomSplit.Branches[0].NextActivity = 'Nowhere';
        }),
      ),
    ).toEqual(['JourneyResponse.Activities.CouponTest.RandomSplit.Branches.0.NextActivity: no activity "Nowhere"']);
    expect(problemsOf('{"Name": ')[0]).toMatch(/^not JSON/);
    expect(problemsOf(JSON.stringify({ Activities: {} }))).toContain(
      'Name: Invalid input: expected string, received undefined',
    );
  });

  it('asks for an --event mapping when a Pinpoint event has no detail-type', () => {
    expect(problemsOf(fixtureText, { events: {} })).toEqual([
      'StartCondition.EventStartCondition.EventFilter.Dimensions.EventType: Pinpoint event "AddToCart" has no detail-type: pass --event AddToCart=<detail-type>',
    ]);
    expect(() => new EventMap({ AddToCart: 'cart.added' })).toThrow(/"cart.added" is not a detail-type/);
  });
});

describe('Pinpoint dimensions as EventBridge patterns', () => {
  const event = { type: 'cart.item_added', currency: 'KRW', cartValue: 12000, productId: 'sku-red-shoe' };
  const matches = (dimensions: Parameters<typeof dimensionsToPattern>[0], detail: object) =>
    compilePattern(dimensionsToPattern(dimensions, ['cart.item_added'], 'd').pattern).matches(detail);

  it('matches what Pinpoint matched for inclusive, exclusive and contains attributes and metric comparisons', () => {
    expect(matches({ Attributes: { currency: { Values: ['KRW', 'JPY'] } } }, event)).toBe(true);
    expect(matches({ Attributes: { currency: { AttributeType: 'EXCLUSIVE', Values: ['KRW'] } } }, event)).toBe(false);
    expect(matches({ Attributes: { productId: { AttributeType: 'CONTAINS', Values: ['red'] } } }, event)).toBe(true);
    expect(matches({ Attributes: { productId: { AttributeType: 'CONTAINS', Values: ['blue'] } } }, event)).toBe(false);
    expect(
      matches({ Metrics: { cartValue: { ComparisonOperator: 'GREATER_THAN_OR_EQUAL', Value: 12000 } } }, event),
    ).toBe(true);
    expect(matches({ Metrics: { cartValue: { ComparisonOperator: 'GREATER_THAN', Value: 12000 } } }, event)).toBe(
      false,
    );
  });

  it('drops date comparisons and unknown fields with the reason', () => {
    const { pattern, dropped } = dimensionsToPattern(
      {
        Attributes: {
          addedAt: { AttributeType: 'BEFORE', Values: ['2026-01-01'] },
          currency: { AttributeType: 'AFTER', Values: ['x'] },
        },
      },
      ['cart.item_added'],
      'd',
    );
    expect(pattern).toBeUndefined();
    expect(dropped.map((item) => item.path)).toEqual(['d.Attributes.addedAt', 'd.Attributes.currency']);
    expect(dropped[0]?.note).toContain('has no detail field "addedAt"');
    expect(dropped[1]?.note).toContain('compares dates');
  });
});

describe('import helpers', () => {
  it('reads ISO 8601 durations', () => {
    expect(isoDuration('PT1H')).toMatchObject({ ms: hours(1), code: 'hours(1)', approximate: false });
    expect(isoDuration('P1DT30M')).toMatchObject({ ms: days(1) + minutes(30), code: 'minutes(1470)' });
    expect(isoDuration('P2W').code).toBe('days(14)');
    expect(isoDuration('P1M')).toMatchObject({ ms: days(30), approximate: true });
  });

  it('gives each split its own permutation of the 100 buckets', () => {
    for (const split of ['holdout-ten-percent', 'coupon-test']) {
      const mapped = Array.from({ length: 100 }, (_, bucket) => splitBucket(bucket, split));
      expect(new Set(mapped).size).toBe(100);
    }
    const held = Array.from({ length: 100 }, (_, bucket) => bucket).filter(
      (b) => splitBucket(b, 'holdout-ten-percent') < 10,
    );
    const couponAmongRest = Array.from({ length: 100 }, (_, bucket) => bucket)
      .filter((b) => !held.includes(b))
      .filter((b) => splitBucket(b, 'coupon-test') < 50).length;
    expect(couponAmongRest).toBeGreaterThanOrEqual(40);
    expect(couponAmongRest).toBeLessThanOrEqual(50);
  });
});

describe('template stubs', () => {
  it('render with the project renderer for email, SMS and push, reading only the declared variables', async () => {
    const variables = ['productId', 'cartValue', 'currency'];
    const stubs = renderTemplateStubs({
      mail: { channel: 'email', template: 'mail', category: 'promotional', variables, source: { activity: 'Mail' } },
      text: { channel: 'sms', template: 'text', category: 'promotional', variables, source: { activity: 'Text' } },
      note: { channel: 'push', template: 'note', category: 'promotional', variables, source: { activity: 'Note' } },
    });
    const renderer = new LiquidTemplateRenderer({ templatesDir: templatesDir(Object.fromEntries(stubs)), shop });
    for (const [name, channel] of [
      ['mail', 'email'],
      ['text', 'sms'],
      ['note', 'push'],
    ] as const) {
      const request = deliveryRequest({
        message: name,
        template: name,
        channel,
        locale: 'en',
        variables: { productId: 'sku-1', cartValue: 39000, currency: 'KRW' },
      });
      const rendered = await renderer.render(request, {});
      expect(rendered.body).toContain('sku-1 39000 KRW');
      if (channel === 'email') expect(rendered.subject).toBe('TODO subject from mail');
    }
    const strict = renderTemplateStubs({
      mail: { channel: 'email', template: 'mail', category: 'promotional', variables, source: { activity: 'Mail' } },
    });
    const narrower = new LiquidTemplateRenderer({ templatesDir: templatesDir(Object.fromEntries(strict)), shop });
    const undeclared = deliveryRequest({
      template: 'mail',
      channel: 'email',
      locale: 'en',
      variables: { productId: 'x' },
    });
    await expect(narrower.render(undeclared, {})).rejects.toThrow();
  });
});
