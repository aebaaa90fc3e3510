import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGAGEMENT_RATES, EngagementSimulator } from '../../../cli/replay/engagement-simulator.ts';
import { shortDataNotes } from '../../../cli/replay/html-report.ts';
import { runReplay } from '../../../cli/replay/run.ts';
import { runWhy } from '../../../cli/why/run.ts';
import type { DeliveryRequest } from '../../../core/messages/delivery.ts';
import { days, toMs } from '../../../core/time.ts';
import { registry } from '../../../journeys/index.ts';

const message = (n: number, channel: DeliveryRequest['channel'] = 'email'): DeliveryRequest => ({
  messageId: `browse:abc.1.x:nudge:${n}`,
  pseudonym: 'a'.repeat(64),
  journeyId: 'browse',
  version: 1,
  entry: 1,
  message: 'nudge',
  template: 'browse-follow-up',
  channel,
  category: 'promotional',
  variables: {},
  decidedAt: '2019-10-01T00:00:00.000Z',
});

describe('simulated engagement (--simulate-engagement)', () => {
  it('draws the same reports for the same seed, at the stated rates, each dated after the send', () => {
    const draw = (seed: number) => {
      const simulator = new EngagementSimulator(seed);
      simulator.saw('c-1', 'a'.repeat(64));
      for (let n = 0; n < 4000; n += 1) simulator.sent(message(n), toMs('2019-10-01T00:00:00Z'));
      return simulator.due(toMs('2019-10-02T00:00:00Z'));
    };
    const events = draw(42);
    expect(draw(42)).toEqual(events);
    expect(draw(43)).not.toEqual(events);
    const count = (type: string, extra?: (detail: Record<string, unknown>) => boolean) =>
      events.filter((event) => event.detailType === type && (extra?.(event.detail) ?? true)).length;
    expect(count('message.delivered') / 4000).toBeCloseTo(ENGAGEMENT_RATES.delivered, 1);
    expect(count('message.bounced') + count('message.delivered')).toBe(4000);
    const opened = count('message.opened');
    expect(opened / count('message.delivered')).toBeCloseTo(ENGAGEMENT_RATES.opened, 1);
    expect(count('message.opened', (detail) => detail.machine === true) / opened).toBeCloseTo(0.3, 1);
    expect(events.every((event) => String(event.detail.occurredAt) > '2019-10-01T00:00:00.000Z')).toBe(true);
    expect(events.map((event) => event.detail.occurredAt)).toEqual(
      [...events.map((event) => event.detail.occurredAt)].sort(),
    );
  });

  it('never reports an open for an SMS, and holds back what is not due yet', () => {
    const simulator = new EngagementSimulator(1);
    simulator.saw('c-1', 'a'.repeat(64));
    for (let n = 0; n < 200; n += 1) simulator.sent(message(n, 'sms'), 0);
    expect(simulator.due(60_000).every((event) => event.detailType !== 'message.opened')).toBe(true);
    expect(simulator.pending).toBeGreaterThan(0);
    expect(simulator.due(days(1)).some((event) => event.detailType === 'message.clicked')).toBe(true);
    expect(simulator.pending).toBe(0);
  });
});

describe('replay report notes', () => {
  it('explains that data shorter than an attribution window cannot show its conversions', () => {
    const [note] = shortDataNotes(registry.current(), 3 * 3_600_000);
    expect(note).toMatch(
      /The data covers 3 h, less than the attribution window of (.+, )?cart 7 days, purchase 30 days/,
    );
    expect(shortDataNotes(registry.current(), days(365))).toEqual([]);
  });
});

describe('why on replay data', () => {
  it('measures --since from the replay clock and shows every decision of the replay by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-why-'));
    const csv = join(dir, 'views.csv');
    writeFileSync(
      csv,
      [
        'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session',
        '2019-10-01 00:00:00 UTC,view,1001,77,electronics.audio,acme,12.50,7,s-7',
      ].join('\n'),
    );
    const dataDir = join(dir, 'data');
    const io = () => {
      const out: string[] = [];
      const err: string[] = [];
      return {
        out,
        err,
        io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), now: () => Date.now() },
      };
    };
    const replay = io();
    expect(await runReplay([csv, '--store', 'dynamodb', '--drain', '3d', '--data-dir', dataDir], replay.io)).toBe(0);
    const why = io();
    expect(await runWhy(['rees46-7', '--data-dir', dataDir, '--json'], why.io)).toBe(0);
    expect(why.err.join('\n')).toContain("times are measured from the replay's clock, 2019-10-04T00:00:00.000Z");
    const explanation = JSON.parse(why.out.join('\n'));
    expect(explanation.decisions.length).toBeGreaterThan(0);
    const lastDay = io();
    expect(await runWhy(['rees46-7', '--data-dir', dataDir, '--json', '--since', '1h'], lastDay.io)).toBe(0);
    expect(JSON.parse(lastDay.out.join('\n')).decisions).toEqual([]);
  }, 60_000);
});
