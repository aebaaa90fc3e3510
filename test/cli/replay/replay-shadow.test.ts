import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplaySummary } from '../../../cli/replay/replay-stats.ts';
import { runReplay } from '../../../cli/replay/run.ts';
import { CART_SHOPPERS_START, cartShoppers } from '../../support/cart-shoppers.ts';

const start = CART_SHOPPERS_START;
/** The even shoppers order 45 minutes after their cart (after cart@2's reminder, before cart@1's). */
const shoppers = (count: number) => cartShoppers(count, 2);

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
