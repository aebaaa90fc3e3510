import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../../cli/import-pinpoint/run.ts';
import { CART_FIXTURE, type Generated, generate, REPO } from './generate.ts';

const made: Generated[] = [];
const run = (args: string[]) => {
  const generated = generate(args);
  made.push(generated);
  return generated;
};
afterEach(() => {
  for (const generated of made.splice(0)) rmSync(generated.dir, { recursive: true, force: true });
});

describe('npm run import:pinpoint', () => {
  it('writes the journey file, the report next to it and one template stub per message', () => {
    const generated = run([CART_FIXTURE, '--event', 'AddToCart=cart.item_added']);
    expect(generated.exitCode).toBe(0);
    expect(existsSync(generated.journeyFile)).toBe(true);
    expect(readFileSync(generated.reportFile, 'utf8')).toMatch(/^# Import report: Cart abandonment KR/);
    const stub = readFileSync(join(generated.templatesDir, 'cart-reminder', 'email.en.liquid'), 'utf8');
    expect(stub).toMatch(/^subject: /);
    expect(stub).toContain('Pinpoint template CartReminder version 4');
    expect(generated.out.at(-1)).toContain('template stubs');
  });

  it('keeps templates that already exist and refuses to overwrite a journey file without --force', () => {
    const first = run([CART_FIXTURE, '--event', 'AddToCart=cart.item_added']);
    const template = join(first.templatesDir, 'cart-reminder', 'email.en.liquid');
    writeFileSync(template, 'subject: mine\n---\nmine\n');
    const io = { out: [] as string[], err: [] as string[] };
    const again = (extra: string[]) =>
      runImport(
        [
          CART_FIXTURE,
          '--event',
          'AddToCart=cart.item_added',
          '--out',
          first.journeyFile,
          '--templates',
          first.templatesDir,
          ...extra,
        ],
        {
          out: (text) => io.out.push(text),
          err: (text) => io.err.push(text),
          cwd: REPO,
        },
      );
    expect(again([])).toBe(2);
    expect(io.err[0]).toMatch(/exists: pass --force to overwrite it$/);
    expect(again(['--force'])).toBe(0);
    expect(readFileSync(template, 'utf8')).toBe('subject: mine\n---\nmine\n');
  });

  it('exits 2 with the fix when an event is not mapped, and 1 naming the path when the file is not a journey', () => {
    const unmapped = run([CART_FIXTURE]);
    expect(unmapped.exitCode).toBe(2);
    expect(unmapped.err[0]).toContain('pass --event AddToCart=<detail-type>');
    const broken = join(REPO, '.data', `broken-journey-${process.pid}.json`);
    mkdirSync(join(REPO, '.data'), { recursive: true });
    writeFileSync(
      broken,
      JSON.stringify({ Name: 'x', StartActivity: 'a', Activities: { a: { Wait: { WaitTime: { WaitFor: 'soon' } } } } }),
    );
    try {
      const invalid = run([broken]);
      expect(invalid.exitCode).toBe(1);
      expect(invalid.err[0]).toContain('Activities.a.Wait.WaitTime.WaitFor: must be an ISO 8601 duration');
    } finally {
      rmSync(broken);
    }
    expect(run([CART_FIXTURE, '--trigger', 'cart.added']).err[0]).toMatch(/^--trigger cart.added: not a detail-type/);
  });
});

describe('npm run replay -- --journey', () => {
  it('loads the journeys a file exports and refuses a file that is not a script or exports none', async () => {
    const { loadJourneyFiles } = await import('../../../cli/replay/journey-files.ts');
    const generated = run([CART_FIXTURE, '--event', 'AddToCart=cart.item_added']);
    const [journey] = await loadJourneyFiles([generated.journeyFile], REPO);
    expect(journey?.id).toBe('cart-abandonment-kr');
    await expect(loadJourneyFiles(['README.md'], REPO)).rejects.toThrow('--journey README.md: no such TypeScript');
    const empty = join(generated.dir, 'empty.ts');
    writeFileSync(empty, 'export const answer = 42;\n');
    await expect(loadJourneyFiles([empty], REPO)).rejects.toThrow(/exports no journey definition$/);
  });
});
