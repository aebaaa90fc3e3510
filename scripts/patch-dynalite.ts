import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Install-time patch of dynalite 4.0.0 (docs/decisions/0003-dynalite-patches.md). Its stream wrappers in db/index.js
 * end an iterator with `iterator.return()`, which abstract-level 3 iterators do not have, so no Query, Scan or table
 * deletion ever closes its LevelDB iterator (nor releases the snapshot the iterator holds). The patch calls `close()`.
 * Idempotent; refuses any other dynalite version or file content.
 */
export const DYNALITE_VERSION = '4.0.0';
export const PATCHED_FILE = 'db/index.js';
export const ORIGINAL_SHA256 = '25b5b4edb29a8399f78040b825d96af3e56c422fac656710eb4fb1e8e29e5d9d';
export const PATCHED_SHA256 = '64aa1a39d20047905ef6249b0b2d9f5cac484fab9c8ec001052b55be529c4402';

/** The snippet, in both stream wrappers (keys and values), and what replaces it. */
export const ORIGINAL_SNIPPET = ['          if (iterator.return) {', '            iterator.return()'].join('\n');
export const PATCHED_SNIPPET = [
  '          // patched by journey-orchestrator scripts/patch-dynalite.ts: abstract-level iterators close(), not return()',
  '          if (iterator.close) {',
  '            iterator.close()',
].join('\n');

/** dynalite is not the version or content this patch was written for. */
export class DynalitePatchError extends Error {
  override name = 'DynalitePatchError';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Patches the dynalite package in `packageDir`; says whether it had to. */
export function patchDynalite(packageDir: string): 'patched' | 'already patched' {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string };
  if (version !== DYNALITE_VERSION) {
    throw new DynalitePatchError(
      `scripts/patch-dynalite.ts was written for dynalite ${DYNALITE_VERSION}, found ${version} in ${packageDir}. ` +
        'Check whether the new version still leaks iterators (test/adapters/local/dynalite-patches.test.ts without ' +
        'the patch), then update or remove the patch and docs/decisions/0003-dynalite-patches.md.',
    );
  }
  const file = join(packageDir, PATCHED_FILE);
  const source = readFileSync(file, 'utf8');
  const hash = sha256(source);
  if (hash === PATCHED_SHA256) return 'already patched';
  if (hash !== ORIGINAL_SHA256) {
    throw new DynalitePatchError(
      `${file} is neither dynalite ${DYNALITE_VERSION}'s original (sha256 ${ORIGINAL_SHA256}) nor the patched ` +
        `file (${PATCHED_SHA256}); its sha256 is ${hash}. Reinstall (npm ci) or revisit the patch.`,
    );
  }
  const patched = source.split(ORIGINAL_SNIPPET).join(PATCHED_SNIPPET);
  if (sha256(patched) !== PATCHED_SHA256) {
    throw new DynalitePatchError(`patching ${file} did not give the expected content (sha256 ${PATCHED_SHA256})`);
  }
  writeFileSync(file, patched);
  return 'patched';
}

/** The dynalite package this project resolves. */
export function installedDynaliteDir(): string {
  return dirname(createRequire(import.meta.url).resolve('dynalite/package.json'));
}

if (import.meta.main) {
  try {
    const dir = installedDynaliteDir();
    console.log(`patch-dynalite: ${patchDynalite(dir)} (${dir}/${PATCHED_FILE})`);
  } catch (error) {
    console.error(`patch-dynalite: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
