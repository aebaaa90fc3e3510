import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { runImport } from '../../../cli/import-pinpoint/run.ts';

export const REPO = resolve(import.meta.dirname, '../../..');
export const CART_FIXTURE = join(REPO, 'test/fixtures/pinpoint/cart-abandonment.journey.json');

export interface Generated {
  dir: string;
  journeyFile: string;
  reportFile: string;
  templatesDir: string;
  out: string[];
  err: string[];
  exitCode: number;
}

/** Runs `npm run import:pinpoint` in-process into a fresh directory inside the repository (so imports resolve). */
export function generate(args: readonly string[], name = 'journey.ts'): Generated {
  const base = join(REPO, '.data');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'import-pinpoint-test-'));
  const journeyFile = join(dir, 'journeys', name);
  const templatesDir = join(dir, 'templates');
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = runImport([...args, '--out', journeyFile, '--templates', templatesDir], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    cwd: REPO,
  });
  return {
    dir,
    journeyFile,
    reportFile: journeyFile.replace(/\.ts$/, '.import-report.md'),
    templatesDir,
    out,
    err,
    exitCode,
  };
}

/** Type-checks the generated journey file with the project's compiler settings; returns tsc's output. */
export function typecheck(generated: Generated): string {
  writeFileSync(
    join(generated.dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(REPO, 'tsconfig.json'), include: ['journeys/*.ts'], exclude: [] }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    return execFileSync(process.execPath, [tsc, '-p', join(generated.dir, 'tsconfig.json')], { encoding: 'utf8' });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed on ${generated.journeyFile}:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}
