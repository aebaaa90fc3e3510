import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DynalitePatchError,
  installedDynaliteDir,
  ORIGINAL_SHA256,
  ORIGINAL_SNIPPET,
  PATCHED_FILE,
  PATCHED_SHA256,
  PATCHED_SNIPPET,
  patchDynalite,
} from '../../scripts/patch-dynalite.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const installedSource = () => readFileSync(join(installedDynaliteDir(), PATCHED_FILE), 'utf8');
/** dynalite 4.0.0's own db/index.js, rebuilt from the installed (patched) one. */
const originalSource = () => installedSource().split(PATCHED_SNIPPET).join(ORIGINAL_SNIPPET);

describe('scripts/patch-dynalite.ts (npm postinstall)', () => {
  let dir: string;
  const file = () => join(dir, PATCHED_FILE);
  const install = (version: string, source: string) => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'dynalite', version }));
    mkdirSync(join(dir, 'db'), { recursive: true });
    writeFileSync(file(), source);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patch-dynalite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('npm ci applied it: the installed dynalite is the patched one', () => {
    expect(sha256(installedSource()), 'run npm ci (not --ignore-scripts), or npm run postinstall').toBe(PATCHED_SHA256);
  });

  it('patches the original file once, then reports it already patched', () => {
    expect(sha256(originalSource())).toBe(ORIGINAL_SHA256);
    install('4.0.0', originalSource());
    expect(patchDynalite(dir)).toBe('patched');
    expect(sha256(readFileSync(file(), 'utf8'))).toBe(PATCHED_SHA256);
    expect(patchDynalite(dir)).toBe('already patched');
    expect(sha256(readFileSync(file(), 'utf8'))).toBe(PATCHED_SHA256);
  });

  it('refuses another dynalite version, naming both versions', () => {
    install('4.0.1', originalSource());
    expect(() => patchDynalite(dir)).toThrow(DynalitePatchError);
    expect(() => patchDynalite(dir)).toThrow(/written for dynalite 4\.0\.0, found 4\.0\.1/);
    expect(readFileSync(file(), 'utf8')).toBe(originalSource());
  });

  it('refuses a db/index.js it does not know and leaves it untouched', () => {
    const changed = originalSource().replace('exports.MAX_SIZE = 409600', 'exports.MAX_SIZE = 409601');
    install('4.0.0', changed);
    expect(() => patchDynalite(dir)).toThrow(/is neither dynalite 4\.0\.0's original .* its sha256 is [0-9a-f]{64}/);
    expect(readFileSync(file(), 'utf8')).toBe(changed);
  });
});
