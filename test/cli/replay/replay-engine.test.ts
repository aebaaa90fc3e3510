import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDynamoDb } from '../../../adapters/dynamodb/embedded-dynamodb.ts';
import { ConsoleTelemetry } from '../../../cli/local/console-telemetry.ts';
import { localPaths } from '../../../cli/local/local-services.ts';
import { createReplay } from '../../../cli/replay/replay-engine.ts';
import { summaryMarkdown } from '../../../cli/replay/report.ts';
import { days, hours, minutes, toIso } from '../../../core/time.ts';
import { writeTestKeyring } from '../../support/test-keyring.ts';

const db = await startEmbeddedDynamoDb();
afterAll(() => db.close());

const start = Date.parse('2026-11-23T09:00:00Z');
let counter = 0;
const event = (detailType: string, at: number, detail: Record<string, unknown>) => ({
  detailType,
  detail: {
    v: 1,
    eventId: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    occurredAt: toIso(at),
    customerId: 'shopper-1',
    ...detail,
  },
});

describe('replay engine (virtual clock, real pipeline)', () => {
  it('fires timers at their exact due time during the stream and the drain, and counts conversions', async () => {
    const paths = localPaths(await writeTestKeyring(mkdtempSync(join(tmpdir(), 'replay-'))));
    const telemetry = new ConsoleTelemetry(() => {}, { quiet: true });
    const { engine, stats } = await createReplay({ paths, db, telemetry, concurrency: 4 });

    await engine.push(
      event('customer.profile_updated', start, {
        contact: { email: 'shopper@example.test' },
        timeZone: 'Europe/Berlin',
      }),
    );
    await engine.push(
      event('consent.changed', start, {
        channel: 'email',
        purpose: 'marketing',
        granted: true,
        source: 't',
        wordingVersion: 'v',
      }),
    );
    await engine.push(event('cart.item_added', start, { cartId: 'k', productId: 'p', quantity: 1, itemCount: 1 }));
    await engine.push(event('product.viewed', start + hours(2), { productId: 'p' }));
    const order = { orderId: 'o', total: 5, currency: 'EUR', items: [{ productId: 'p', quantity: 1, price: 5 }] };
    await engine.push(event('order.placed', start + hours(3), order));
    await engine.drain(start + days(40));

    const outbox = readFileSync(paths.mailbox, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const reminder = outbox.find((line) => line.template === 'cart-reminder');
    expect(reminder?.sentAt).toBe(toIso(start + hours(1)));
    const winBack = outbox.find((line) => line.template === 'win-back');
    expect(winBack?.sentAt).toBe(toIso(start + hours(3) + days(30)));
    expect(stats.conversions).toMatchObject({ orders: 1, attributed: 1, byJourney: { cart: 1 } });

    const summary = stats.summarise(telemetry, {
      source: 'inline',
      seed: 1,
      timing: { ingestSeconds: 1, eventsPerSecond: 1, drainSeconds: 1, totalSeconds: 2 },
      virtualTime: { first: toIso(start), last: toIso(start + minutes(180)), drainedUntil: toIso(start + days(40)) },
    });
    expect(summary.journeys.cart).toEqual({ entered: 1, exited: { converted: 1 } });
    expect(summary.decided.send).toBeGreaterThanOrEqual(4);
    expect(summaryMarkdown(summary)).toContain('1 of 1 orders came within 7 days');
  });

  it('accepts synthetic consents dated years before the first event, as the seeded profiles are', async () => {
    const paths = localPaths(await writeTestKeyring(mkdtempSync(join(tmpdir(), 'replay-'))));
    const telemetry = new ConsoleTelemetry(() => {}, { quiet: true });
    const { engine, stats } = await createReplay({ paths, db, telemetry, concurrency: 1 });
    const consent = event('consent.changed', start - days(400), {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'synthetic',
      wordingVersion: 'v',
    });
    await engine.push(event('customer.profile_updated', start, { contact: { email: 'old@example.test' } }));
    await engine.push(consent);
    await engine.idle();
    expect(stats.rejected).toBe(0);
  });
});
