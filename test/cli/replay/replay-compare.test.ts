import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CompareContext,
  formatDuration,
  tallyVersion,
  type VersionTally,
} from '../../../cli/replay/compare-report.ts';
import { parseCompareSpec, registryWithVersion } from '../../../cli/replay/compare-versions.ts';
import { runReplay } from '../../../cli/replay/run.ts';
import type { LogEntry } from '../../../core/customer/log.ts';
import type { DecisionRecord } from '../../../core/customer/outbox.ts';
import { days, minutes, toIso } from '../../../core/time.ts';
import { candidateDefinitions, journeyDefinitions, registry as liveRegistry } from '../../../journeys/index.ts';
import { CART_SHOPPERS_START, cartShoppers } from '../../support/cart-shoppers.ts';

const start = CART_SHOPPERS_START;
const shoppers = 8;

async function compare(versions: string, extra: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'replay-compare-'));
  const source = join(dir, 'events.jsonl');
  writeFileSync(source, cartShoppers(shoppers));
  const dataDir = join(dir, 'data');
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text), now: () => start };
  const args = [source, '--compare', versions, '--profiles', 'none', '--drain', '3d', '--data-dir', dataDir, ...extra];
  const code = await runReplay(args, io);
  const written = () => ({
    markdown: readFileSync(join(dataDir, 'compare-report.md'), 'utf8'),
    ...(JSON.parse(readFileSync(join(dataDir, 'compare-report.json'), 'utf8')) as {
      context: CompareContext;
      versions: VersionTally[];
    }),
  });
  return { code, printed: out.join('\n'), errors: err.join('\n'), written };
}

describe('replay --compare (two versions of a journey over the same events)', () => {
  it('shows that cart@2 reminds shoppers who order between 30 min and 1 h, whom cart@1 never reminds', async () => {
    const result = await compare('cart@1,cart@2');
    expect(result.code).toBe(0);
    const { markdown, versions } = result.written();
    const [before, after] = versions as [VersionTally, VersionTally];
    const reminders = (tally: VersionTally) =>
      Object.values(tally.messages['cart · cart-reminder'] ?? {}).reduce((sum, count) => sum + count, 0);
    expect(reminders(before)).toBe(0);
    expect(reminders(after)).toBe(shoppers);
    const sent = after.messages['cart · cart-reminder']?.sent ?? 0;
    expect(sent).toBeGreaterThan(0);
    expect(after.medianToSend['cart · cart-reminder']).toBe(minutes(30));
    expect(markdown).toContain(`- cart · cart-reminder, sent: 0 → ${sent}, +${sent}`);
    expect(markdown).toContain('| cart · cart-reminder | median time from entry to send | — | 30 min | new |');
    expect(formatDuration(days(1) + minutes(5))).toBe('1 d 5 min');
    expect(after.journeys.cart).toMatchObject({ entered: shoppers, 'exited: converted': shoppers });
    expect(before.journeys.cart).toEqual({ entered: shoppers, 'exited: converted': shoppers });
    // Last touch: the orders that followed the reminders are credited to them (which says nothing of lift).
    expect(after.journeys.cart?.['orders attributed']).toBe(sent);
    expect(result.printed).toContain(markdown);
  });

  it('shows no difference when a version is compared with itself', async () => {
    const result = await compare('cart@1,cart@1');
    expect(result.code).toBe(0);
    const { markdown, versions } = result.written();
    const [first, second] = versions as [VersionTally, VersionTally];
    expect(second).toEqual({ ...first });
    expect(first.journeys.cart?.entered).toBe(shoppers);
    expect(markdown).toContain('No difference: cart@1 and cart@1 decided and sent exactly the same.');
  });

  it('refuses a version that does not exist, naming the versions there are, before replaying anything', async () => {
    const result = await compare('cart@1,cart@7');
    expect(result.code).toBe(2);
    expect(result.errors).toContain('cart@7 does not exist (known: cart@1, cart@2)');
  });

  it('runs the journeys of --journey files on both sides, as a plain replay does', async () => {
    const result = await compare('cart@1,cart@2', ['--journey', 'test/support/sms-nudge-journey.ts']);
    expect(result.code).toBe(0);
    expect(result.written().context.unchanged).toContain('sms-nudge@1');
    expect(result.written().markdown).toContain('sms-nudge@1');
  });

  it('refuses --store dynamodb and --simulate-engagement: a comparison replays in memory', async () => {
    for (const option of [['--store', 'dynamodb'], ['--simulate-engagement']]) {
      const result = await compare('cart@1,cart@2', option);
      expect(result.code).toBe(2);
      expect(result.errors).toContain('--compare replays in memory, without --store dynamodb or --simulate-engagement');
    }
  });

  it('counts a send withheld at delivery once, as withheld, and a decided send never sent as failed', async () => {
    const decision = (messageId: string, overrides: Record<string, unknown>) => ({
      kind: 'decision' as const,
      record: {
        ...{ messageId, pseudonym: 'p', journeyId: 'cart', version: 1, entry: 1, message: 'cartReminder' },
        ...{ channel: 'email', template: 'cart-reminder', category: 'promotional', statePath: 'reminded' },
        ...{ trigger: { type: 'timer' }, askedAt: toIso(start), decidedAt: toIso(start), outcome: 'send' },
        ...{ reasons: [], policyVersion: 'v' },
        ...overrides,
      } as unknown as DecisionRecord,
    });
    async function* log(): AsyncIterable<LogEntry> {
      yield decision('m-1', {});
      yield decision('m-1', { trigger: { type: 'delivery' }, outcome: 'suppressed', reasons: ['consent_withdrawn'] });
      yield decision('m-2', {});
      yield decision('m-3', {});
    }
    const tally = await tallyVersion({
      ...{ label: 'cart@1', timedJourney: 'cart', decisionDigest: '', log: log() },
      ...{ sentByTemplate: { 'cart-reminder': 1 }, attributedByJourney: {} },
    });
    expect(tally.messages['cart · cart-reminder']).toEqual({
      sent: 1,
      'withheld at delivery: consent_withdrawn': 1,
      'failed at the channel': 1,
    });
  });

  it('reads two versions of one journey and refuses anything else', () => {
    expect(parseCompareSpec('cart@1, cart@2')).toEqual({ journeyId: 'cart', versions: [1, 2] });
    expect(() => parseCompareSpec('cart@1,browse@2')).toThrow('two versions of one journey, got cart and browse');
    expect(() => parseCompareSpec('cart@1')).toThrow('two journey versions like cart@1,cart@2');
    expect(() => parseCompareSpec('cart@0,cart@1')).toThrow('two journey versions like cart@1,cart@2');
  });

  it('runs the compared version in place of the live one, every other journey as it is live, and leaves live alone', () => {
    const registry = registryWithVersion({ journeyId: 'cart' }, 2, journeyDefinitions, candidateDefinitions);
    expect(registry.latest('cart').version).toBe(2);
    for (const definition of journeyDefinitions.filter((journey) => journey.id !== 'cart')) {
      expect(registry.latest(definition.id)).toBe(definition);
    }
    expect(liveRegistry.latest('cart').version).toBe(1);
    expect(() => registryWithVersion({ journeyId: 'carts' }, 1, journeyDefinitions, candidateDefinitions)).toThrow(
      'no journey "carts"',
    );
  });
});
