import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleTelemetry } from '../../../cli/local/console-telemetry.ts';
import { localPaths } from '../../../cli/local/local-services.ts';
import { loadJourneyFiles } from '../../../cli/replay/journey-files.ts';
import { createReplay } from '../../../cli/replay/replay-engine.ts';
import type { JourneyDefinition } from '../../../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../../../core/journey-runtime/registry.ts';
import { inHoldout } from '../../../core/policy/engine.ts';
import { toIso, toMs } from '../../../core/time.ts';
import { policy } from '../../../journeys/policy.ts';
import { writeTestKeyring } from '../../support/test-keyring.ts';
import { days, hours, minutes, startJourney } from '../../support/virtual-time.ts';
import { CART_FIXTURE, type Generated, generate, REPO, typecheck } from './generate.ts';

const START = '2026-11-23T10:00:00.000Z';
const addToCart = {
  cartId: 'cart-1',
  productId: 'sku-1',
  quantity: 1,
  itemCount: 1,
  cartValue: 39000,
  currency: 'KRW',
};
const order = (total = 39000) => ({
  orderId: 'order-1',
  total,
  currency: 'KRW',
  items: [{ productId: 'sku-1', quantity: 1, price: total }],
});

/** Pseudonyms outside the house policy's global holdout, so only the journey's own holdout holds anyone back. */
const pseudonyms = Array.from({ length: 400 }, (_, index) => `${index.toString(16).padStart(8, '0')}`.padEnd(64, 'c'))
  .filter((pseudonym) => !inHoldout(pseudonym, policy))
  .slice(0, 200);

let generated: Generated;
let journey: JourneyDefinition;

beforeAll(async () => {
  generated = generate([CART_FIXTURE, '--event', 'AddToCart=cart.item_added'], 'cart-abandonment-kr.ts');
  expect(generated.err).toEqual([]);
  expect(generated.exitCode).toBe(0);
  const module = (await import(generated.journeyFile)) as { cartAbandonmentKrJourney: JourneyDefinition };
  journey = module.cartAbandonmentKrJourney;
}, 60_000);

afterAll(() => rmSync(generated.dir, { recursive: true, force: true }));

function customer(pseudonym: string, start = START) {
  const harness = startJourney(journey, { pseudonym, start });
  harness.send('cart.item_added', addToCart);
  return harness;
}

describe('an imported Pinpoint cart-abandonment journey', () => {
  it('type-checks with the project compiler settings', () => {
    expect(() => typecheck(generated)).not.toThrow();
  }, 120_000);

  it('holds out about 10% and sends the rest a reminder after 1 h and a last chance, split 50/50 on the coupon, a day later', () => {
    const outcomes = pseudonyms.map((pseudonym) => {
      const harness = customer(pseudonym);
      harness.advanceBy(days(3));
      return { harness, instance: harness.journey('cart-abandonment-kr') };
    });
    const heldOut = outcomes.filter(({ instance }) => instance?.outcome === 'heldOut');
    const reached = outcomes.filter(({ instance }) => instance?.outcome === 'completed');
    expect(heldOut.length + reached.length).toBe(pseudonyms.length);
    expect(heldOut.length / pseudonyms.length).toBeGreaterThan(0.04);
    expect(heldOut.length / pseudonyms.length).toBeLessThan(0.18);
    for (const { harness } of heldOut) expect(harness.decisions).toEqual([]);
    const coupon = reached.filter(({ harness }) => harness.sentTemplates[1] === 'cart-last-chance-coupon');
    expect(coupon.length / reached.length).toBeGreaterThan(0.35);
    expect(coupon.length / reached.length).toBeLessThan(0.65);
    for (const { harness } of reached) {
      const [reminder, lastChance] = harness.sentMessages;
      expect(harness.sentTemplates[0]).toBe('cart-reminder');
      expect(toMs(reminder!.decidedAt)).toBe(toMs(START) + hours(1));
      expect(toMs(lastChance!.decidedAt)).toBe(toMs(START) + hours(25));
      const withCoupon = lastChance!.template === 'cart-last-chance-coupon';
      expect(lastChance!.split).toMatchObject({
        name: 'coupon-test',
        variant: withCoupon ? 'last-chance-with-coupon' : 'last-chance',
      });
      expect(reminder!.split).toBeUndefined();
    }
  });

  it('sends nothing to a customer who buys within the hour, and ends the journey at the first split', () => {
    const harness = customer(pseudonyms[0]!);
    harness.advanceBy(minutes(30));
    harness.send('order.placed', order());
    harness.advanceBy(days(3));
    expect(harness.decisions).toEqual([]);
    expect(harness.journey('cart-abandonment-kr')).toMatchObject({ status: 'exited', outcome: 'completed' });
  });

  it('sends no last chance to a customer who buys after the reminder, and decides only when the evaluation wait ends', () => {
    const reminded = pseudonyms.find((pseudonym) => {
      const harness = customer(pseudonym);
      harness.advanceBy(hours(2));
      return harness.sentTemplates.length === 1;
    });
    const harness = customer(reminded!);
    harness.advanceBy(hours(5));
    harness.send('order.placed', order());
    harness.advanceBy(hours(19));
    expect(harness.journey('cart-abandonment-kr')?.status).toBe('active');
    harness.advanceBy(hours(2));
    expect(harness.sentTemplates).toEqual(['cart-reminder']);
    expect(harness.journey('cart-abandonment-kr')).toMatchObject({ status: 'exited', outcome: 'completed' });
  });

  it('defers a reminder that falls in the house quiet hours to their end, as WaitForQuietTime says', () => {
    const evening = '2026-11-23T20:30:00.000Z';
    const reminded = pseudonyms.find((pseudonym) => {
      const harness = customer(pseudonym, evening);
      harness.advanceBy(hours(1));
      return harness.decisions.length === 1;
    });
    const harness = customer(reminded!, evening);
    harness.advanceBy(hours(1));
    expect(harness.decisions[0]).toMatchObject({ outcome: 'deferred', reasons: ['quiet_hours'] });
    harness.advanceTo('2026-11-24T08:00:00.000Z');
    expect(harness.sentTemplates).toEqual(['cart-reminder']);
    expect(harness.sentMessages[0]?.decidedAt).toBe(toIso(toMs('2026-11-24T08:00:00.000Z')));
  });

  it('lets a customer enter at most 3 times, a day apart at the earliest (EndpointReentryCap, EndpointReentryInterval)', () => {
    const harness = customer(pseudonyms[0]!);
    const entries = () => harness.journey('cart-abandonment-kr')?.entries;
    harness.advanceBy(days(3));
    harness.send('cart.item_added', addToCart);
    expect(entries()).toBe(2);
    harness.advanceBy(days(3));
    harness.send('cart.item_added', addToCart);
    expect(entries()).toBe(3);
    harness.advanceBy(days(3));
    harness.send('cart.item_added', addToCart);
    expect(entries()).toBe(3);
  });

  it('replays through the real pipeline: customers who leave a cart get the imported messages in their mailbox', async () => {
    const paths = localPaths(await writeTestKeyring(mkdtempSync(join(tmpdir(), 'replay-import-'))));
    const telemetry = new ConsoleTelemetry(() => {}, { quiet: true });
    const [imported] = await loadJourneyFiles([generated.journeyFile], REPO);
    const registry = new JourneyRegistry([imported!]);
    const { engine } = await createReplay({ paths, telemetry, concurrency: 1, registry });
    const at = toMs(START);
    let counter = 0;
    const push = (customerId: string, detailType: string, detail: Record<string, unknown>) =>
      engine.push({
        detailType,
        detail: {
          v: 1,
          eventId: `00000000-0000-4000-9000-${String(++counter).padStart(12, '0')}`,
          occurredAt: toIso(at),
          customerId,
          ...detail,
        },
      });
    const shoppers = Array.from({ length: 20 }, (_, index) => `shopper-${index}`);
    for (const shopper of shoppers) {
      await push(shopper, 'customer.profile_updated', {
        contact: { email: `${shopper}@example.test` },
        timeZone: 'UTC',
      });
      const consent = { channel: 'email', purpose: 'marketing', granted: true, source: 't', wordingVersion: 'v' };
      await push(shopper, 'consent.changed', consent);
      await push(shopper, 'cart.item_added', addToCart);
    }
    await engine.drain(at + days(3));
    await engine.close();
    const mailbox = readFileSync(paths.mailbox, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { template: string; messageId: string; sentAt: string });
    const reminders = mailbox.filter((line) => line.template === 'cart-reminder');
    const lastChances = mailbox.filter((line) => line.template.startsWith('cart-last-chance'));
    expect(mailbox.every((line) => line.messageId.startsWith('cart-abandonment-kr:'))).toBe(true);
    expect(mailbox.every((line) => line.sentAt >= '2026-11-23T11:00:00.000Z')).toBe(true);
    expect(reminders.length).toBeGreaterThanOrEqual(12);
    expect(lastChances.length).toBe(reminders.length);
  });

  it('writes the import report next to the journey file and prints it, as in the documented example', () => {
    const report = readFileSync(generated.reportFile, 'utf8');
    expect(generated.out[0]).toBe(report);
    expect(report).toContain('| `Limits.MessagesPerSecond` | `pending.limits.perSecond` | needs issue 16 item 4');
    const example = readFileSync(
      join(REPO, 'docs/examples/pinpoint-import/cart-abandonment-kr.import-report.md'),
      'utf8',
    );
    const withoutOutputPath = (text: string) => text.replace(/→ `[^`]+`/, '→ <out>');
    expect(withoutOutputPath(example)).toBe(withoutOutputPath(report));
  });
});
