import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CachedLifecycleSource } from '../../../adapters/cached-lifecycle-source.ts';
import { FileJourneyLifecycleStore, readLifecycleFile } from '../../../adapters/local/file-journey-lifecycle.ts';
import { InvalidLifecycleConfigError } from '../../../core/errors.ts';

const since = '2026-11-29T15:00:00.000Z';
const pausedCart = JSON.stringify({ v: 1, journeys: { cart: { state: 'paused', since } } });

function fileSource(text: string | undefined) {
  const path = join(mkdtempSync(join(tmpdir(), 'lifecycle-')), 'journeys.json');
  if (text !== undefined) writeFileSync(path, text);
  const clock = { now: 0 };
  const invalid: unknown[] = [];
  const source = new CachedLifecycleSource({
    location: path,
    readText: () => readLifecycleFile(path),
    maxAgeMs: 1_000,
    now: () => clock.now,
    onInvalid: (error) => invalid.push(error),
  });
  return { path, clock, invalid, source };
}

describe('the lifecycle configuration as the engine reads it', () => {
  it('has every journey active when there is no file yet', async () => {
    expect(await fileSource(undefined).source.current()).toEqual({});
  });

  it("sees an operator's change once the cached read is older than its maximum age", async () => {
    const { path, clock, source } = fileSource('');
    await source.current();
    writeFileSync(path, pausedCart);
    clock.now = 999;
    expect(await source.current()).toEqual({});
    clock.now = 1_000;
    expect(await source.current()).toEqual({ cart: { state: 'paused', since } });
  });

  it('keeps the last valid configuration in force when the file turns invalid, and reports it', async () => {
    const { path, clock, invalid, source } = fileSource(pausedCart);
    await source.current();
    writeFileSync(path, '{"v":1,"journeys":{"cart":{"state":"asleep"');
    clock.now = 5_000;
    expect(await source.current()).toEqual({ cart: { state: 'paused', since } });
    expect(invalid).toEqual([expect.any(InvalidLifecycleConfigError)]);
  });

  it('fails the read when no valid configuration was ever seen, rather than run a journey that may be stopped', async () => {
    await expect(fileSource('not json').source.current()).rejects.toThrow(InvalidLifecycleConfigError);
  });
});

describe('the lifecycle file', () => {
  it('is written whole and read back, creating the data directory if needed', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lifecycle-')), 'new-dir', 'journeys.json');
    const store = new FileJourneyLifecycleStore(path);
    expect(await store.read()).toEqual({ v: 1, journeys: {} });
    const document = { v: 1 as const, journeys: { cart: { state: 'stopped' as const, since } } };
    await store.write(document);
    expect(await store.read()).toEqual(document);
  });
});
