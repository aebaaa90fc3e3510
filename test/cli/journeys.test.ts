import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJourneys } from '../../cli/journeys/run.ts';

const NOW = Date.parse('2026-11-29T15:00:00Z');
const journeys = [
  { id: 'cart', version: 3 },
  { id: 'browse', version: 1, whilePaused: 'exit' as const },
];
const versions = [...journeys, { id: 'cart', version: 2 }, { id: 'cart', version: 4 }];

function operator() {
  const dataDir = mkdtempSync(join(tmpdir(), 'journeys-cli-'));
  const out: string[] = [];
  const err: string[] = [];
  const run = (...argv: string[]) =>
    runJourneys([...argv, '--data-dir', dataDir], {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      now: () => NOW,
      journeys,
      versions,
    });
  const file = () => JSON.parse(readFileSync(join(dataDir, 'journeys.json'), 'utf8'));
  return { run, out, err, file };
}

describe('npm run journeys', () => {
  it('pauses a journey in the local lifecycle file, with how its customers wait and why', async () => {
    const { run, out, file } = operator();
    expect(await run('pause', 'cart', '--exit', '--note', 'wrong coupon')).toBe(0);
    expect(file()).toEqual({
      v: 1,
      journeys: {
        cart: { state: 'paused', since: '2026-11-29T15:00:00.000Z', inFlight: 'exit', note: 'wrong coupon' },
      },
    });
    expect(out.at(-1)).toMatch(/^cart is paused since 2026-11-29T15:00:00.000Z/);
  });

  it('lists every journey with its version, state and what a pause does to its customers', async () => {
    const { run, out } = operator();
    await run('stop', 'browse');
    expect(await run('list')).toBe(0);
    const lines = (out.at(-1) ?? '').split('\n');
    expect(lines[1]).toMatch(/^journey\s+version\s+state\s+since\s+while paused\s+shadow\s+note$/);
    expect(lines[2]).toMatch(/^cart\s+3\s+active\s+-\s+wait\s+-$/);
    expect(lines[3]).toMatch(/^browse\s+1\s+stopped\s+2026-11-29T15:00:00.000Z\s+exit\s+-$/);
  });

  it('resumes a paused journey', async () => {
    const { run, file } = operator();
    await run('pause', 'cart');
    expect(await run('resume', 'cart')).toBe(0);
    expect(file().journeys.cart.state).toBe('active');
  });

  it.each([
    [['pause', 'checkout'], /no journey checkout; the journeys are cart, browse/, 2],
    [['resume', 'cart'], /cart is already active/, 1],
    [['stop', 'cart', '--exit'], /--exit and --wait only go with pause/, 2],
    [['sleep', 'cart'], /expected list, pause, resume, stop, shadow or unshadow/, 2],
    [['shadow', 'cart'], /shadow takes a journey version like cart@2, got "cart"/, 2],
    [['shadow', 'cart@7'], /no version cart@7; the versions are cart@2, cart@3, cart@4/, 2],
    [['shadow', 'cart@3'], /cart@3 is the live version; a shadow runs another one/, 2],
    [['unshadow', 'cart'], /cart has no shadow version running/, 1],
    [['unshadow', 'cart@4'], /unshadow takes a journey id without a version/, 2],
  ])('refuses %j with a sentence and exit code', async (argv, message, code) => {
    const { run, err } = operator();
    expect(await run(...argv)).toBe(code);
    expect(err.join('\n')).toMatch(message);
  });

  it('refuses to bring a stopped journey back', async () => {
    const { run, err } = operator();
    await run('stop', 'cart');
    expect(await run('resume', 'cart')).toBe(1);
    expect(err.at(-1)).toMatch(/cart is stopped; a stopped journey cannot be active again/);
  });

  it('runs a candidate version as a shadow beside the live one, lists it, and ends the run', async () => {
    const { run, out, file } = operator();
    expect(await run('shadow', 'cart@4')).toBe(0);
    expect(out.at(-1)).toMatch(/^cart@4 runs as a shadow beside cart@3 since 2026-11-29T15:00:00.000Z/);
    expect(file().journeys.cart).toEqual({
      state: 'active',
      since: '2026-11-29T15:00:00.000Z',
      shadow: { version: 4, since: '2026-11-29T15:00:00.000Z' },
    });
    await run('pause', 'cart');
    expect(file().journeys.cart).toMatchObject({ state: 'paused', shadow: { version: 4 } });
    await run('list');
    expect(out.at(-1)).toMatch(/\ncart\s+3\s+paused\s+\S+\s+wait\s+cart@4\n/);
    expect(await run('unshadow', 'cart')).toBe(0);
    expect(file().journeys.cart.shadow).toBeUndefined();
    expect(out.at(-1)).toMatch(/^cart runs no shadow any more/);
  });

  it('ends the shadow run when the journey is stopped', async () => {
    const { run, err, file } = operator();
    await run('shadow', 'cart@2');
    await run('stop', 'cart');
    expect(file().journeys.cart.shadow).toBeUndefined();
    expect(await run('shadow', 'cart@2')).toBe(1);
    expect(err.at(-1)).toMatch(/cart is stopped; a stopped journey runs no shadow/);
  });
});
