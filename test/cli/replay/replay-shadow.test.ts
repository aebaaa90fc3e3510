import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplaySummary } from '../../../cli/replay/replay-stats.ts';
import { runReplay } from '../../../cli/replay/run.ts';
import { minutes, toIso } from '../../../core/time.ts';

// 10:00 in Seoul: no quiet hours for the reminders of either version.
const start = Date.parse('2026-11-23T01:00:00Z');
let counter = 0;

function line(detailType: string, customerId: string, at: number, detail: Record<string, unknown>): string {
  const eventId = `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  return JSON.stringify({ detailType, detail: { v: 1, eventId, occurredAt: toIso(at), customerId, ...detail } });
}

/** Shoppers who add to a cart; the even ones order 45 minutes later (after cart@2's reminder, before cart@1's). */
function shoppers(count: number): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const customerId = `shopper-${index}`;
    const at = start + index * 1000;
    lines.push(
      line('customer.profile_updated', customerId, at, {
        contact: { email: `${customerId}@example.test` },
        timeZone: 'Asia/Seoul',
      }),
      line('consent.changed', customerId, at, {
        ...{ channel: 'email', purpose: 'marketing', granted: true, source: 'checkout', wordingVersion: 'v1' },
      }),
      line('cart.item_added', customerId, at, { cartId: `cart-${index}`, productId: 'p-1', quantity: 1, itemCount: 1 }),
    );
  }
  for (let index = 0; index < count; index += 2) {
    const items = [{ productId: 'p-1', quantity: 1, price: 5 }];
    lines.push(
      line('order.placed', `shopper-${index}`, start + index * 1000 + minutes(45), {
        ...{ orderId: `order-${index}`, total: 5, currency: 'KRW', items },
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function replay(source: string, extra: readonly string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'replay-shadow-data-'));
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text), now: () => start };
  const code = await runReplay([source, '--profiles', 'none', '--drain', '3d', '--data-dir', dataDir, ...extra], io);
  const read = () => ({
    summary: JSON.parse(readFileSync(join(dataDir, 'replay-report.json'), 'utf8')) as ReplaySummary,
    markdown: readFileSync(join(dataDir, 'replay-report.md'), 'utf8'),
  });
  return { code, errors: err.join('\n'), read };
}

describe('replay --shadow (a version running beside the live one, as in production)', () => {
  it('decides and sends live exactly as without it, and tallies what the shadow would have sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-shadow-'));
    const source = join(dir, 'events.jsonl');
    writeFileSync(source, shoppers(8));
    const plain = await replay(source, []);
    const shadowed = await replay(source, ['--shadow', 'cart@2']);
    expect([plain.code, shadowed.code]).toEqual([0, 0]);
    const a = plain.read().summary;
    const b = shadowed.read().summary;
    const { shadow, ...liveDecided } = b.decided;
    expect(liveDecided).toEqual(a.decided);
    expect(b.sentByTemplate).toEqual(a.sentByTemplate);
    expect(b.sentByChannel).toEqual(a.sentByChannel);
    expect(shadow).toBeGreaterThan(0);
    // cart@1 reminds after 1 h: only the 4 who did not order; cart@2 after 30 min: all 8. The 4 get a last chance on both.
    expect(shadowed.read().markdown).toContain('| cart-reminder | decided send | 4 | 8 | +4 |');
    expect(shadowed.read().markdown).toContain('Decided sends: 8 live, 12 shadow.');
  });

  it.each([
    [['--shadow', 'cart@1'], /--shadow: cart@1 is the live version; a shadow runs another one/],
    [['--shadow', 'cart@9'], /--shadow: cart@9 does not exist \(known: cart@1, cart@2\)/],
    [['--shadow', 'carts@2'], /--shadow: no journey "carts"/],
    [['--shadow', 'cart'], /--shadow takes a journey version like cart@2, got "cart"/],
    [['--shadow', 'cart@2', '--compare', 'cart@1,cart@2'], /--compare and --shadow exclude each other/],
  ])('refuses %j with the reason', async (extra, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-shadow-'));
    const source = join(dir, 'events.jsonl');
    writeFileSync(source, shoppers(1));
    const result = await replay(source, extra);
    expect(result.code).toBe(2);
    expect(result.errors).toMatch(message);
  });
});
