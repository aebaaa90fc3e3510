import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryCustomerTable } from '../../../adapters/local/memory-customer-table.ts';
import { MemorySendLedger } from '../../../adapters/local/memory-send-ledger.ts';
import { LOCAL_SENDER, localPaths, TEMPLATES_DIR } from '../../../cli/local/local-services.ts';
import { DecisionDigest } from '../../../cli/replay/decision-digest.ts';
import { FileDecisionLog } from '../../../cli/replay/file-decision-log.ts';
import { LineBuffer } from '../../../cli/replay/line-buffer.ts';
import { MemorySampler } from '../../../cli/replay/memory-sampler.ts';
import { BoundedMap, WriteBackCustomerStore } from '../../../cli/replay/replay-caches.ts';
import { REPLAY_SENDER, TEMPLATES_DIR as REPLAY_TEMPLATES, replayPaths } from '../../../cli/replay/replay-services.ts';
import { ReplayVault } from '../../../cli/replay/replay-vault.ts';
import type { DecisionRecord } from '../../../core/customer/outbox.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import {
  ContactKeyDestroyedError,
  EncryptionContextMismatchError,
  VersionConflictError,
} from '../../../core/errors.ts';
import { asDecisions, asProofs } from '../../support/log-entries.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'replay-parts-'));

const decision = (messageId: string, decidedAt: string, pseudonym = 'p1'): DecisionRecord =>
  ({ messageId, pseudonym, decidedAt, outcome: 'send', reasons: [] }) as unknown as DecisionRecord;

describe('the replay vault', () => {
  it('opens what it sealed for the same customer, and audits each open', async () => {
    const audited: string[] = [];
    const vault = new ReplayVault({ audit: { record: async (entry) => void audited.push(entry.actor) }, now: () => 5 });
    const sealed = await vault.seal('p1', { email: 'a@example.test', firstName: 'Ann' });
    expect(sealed).not.toContain('example.test');
    expect(await vault.open('p1', sealed, { actor: 'deliver' })).toEqual({ email: 'a@example.test', firstName: 'Ann' });
    expect(audited).toEqual(['deliver']);
  });

  it('refuses a contact sealed for another customer, or tampered with', async () => {
    const vault = new ReplayVault({ audit: { record: async () => {} }, now: () => 5 });
    const sealed = await vault.seal('p1', { email: 'a@example.test' });
    await vault.seal('p2', { email: 'b@example.test' });
    await expect(vault.open('p2', sealed, { actor: 'deliver' })).rejects.toBeInstanceOf(ContactKeyDestroyedError);
    const bytes = Buffer.from(sealed, 'base64');
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
    await expect(vault.open('p1', bytes.toString('base64'), { actor: 'deliver' })).rejects.toBeInstanceOf(
      EncryptionContextMismatchError,
    );
  });

  it('shreds: keys created up to the erasure are gone, a later key is not', async () => {
    let now = 10;
    const vault = new ReplayVault({ audit: { record: async () => {} }, now: () => now });
    const before = await vault.seal('p1', { email: 'a@example.test' });
    expect(await vault.shred('p1', 5)).toBe(0);
    expect(await vault.shred('p1', 10)).toBe(1);
    await expect(vault.open('p1', before, { actor: 'deliver' })).rejects.toBeInstanceOf(ContactKeyDestroyedError);
    now = 20;
    const after = await vault.seal('p1', { email: 'new@example.test' });
    expect(await vault.open('p1', after, { actor: 'deliver' })).toEqual({ email: 'new@example.test' });
  });
});

describe('the decision digest', () => {
  it('does not depend on the order of the records, but on each of them', () => {
    const records = [decision('a', '2026-01-01'), decision('b', '2026-01-02'), decision('c', '2026-01-03')];
    const forward = new DecisionDigest();
    const backward = new DecisionDigest();
    for (const record of records) forward.add(record);
    for (const record of [...records].reverse()) backward.add(record);
    expect(forward.value).toBe(backward.value);
    expect(forward.value.startsWith('3:')).toBe(true);
    const other = new DecisionDigest();
    for (const record of [...records.slice(0, 2), decision('c', '2026-01-04')]) other.add(record);
    expect(other.value).not.toBe(forward.value);
  });
});

describe('replay files', () => {
  it('writes buffered lines in order, all of them by close', () => {
    const path = join(scratch(), 'deep', 'lines.jsonl');
    const file = new LineBuffer(path, { chunkBytes: 64 });
    for (let index = 0; index < 50; index += 1) file.append({ index });
    file.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).index)).toEqual(Array.from({ length: 50 }, (_, index) => index));
  });

  it('keeps the log in a file and reads one customer back in sort-key order, and every entry for the report', async () => {
    const dir = scratch();
    const log = new FileDecisionLog(join(dir, 'log.jsonl'));
    await log.append(asDecisions([decision('m2', '2026-01-02'), decision('x', '2026-01-01', 'p2')]));
    await log.append(asDecisions([decision('m1', '2026-01-01'), decision('m2', '2026-01-02')]));
    expect((await log.decisions('p1')).map((record) => record.messageId)).toEqual(['m1', 'm2']);
    expect((await log.decisions('p1', '2026-01-02')).map((record) => record.messageId)).toEqual(['m2']);
    const proof = { pseudonym: 'p1', at: '2026-01-01', channel: 'email', purpose: 'marketing' };
    await log.append(asProofs([proof as never]));
    expect(await log.consentHistory('p1')).toEqual([proof]);
    const kinds: string[] = [];
    for await (const entry of log.scanLog()) kinds.push(entry.kind);
    expect(kinds).toEqual(['decision', 'decision', 'decision', 'decision', 'consent-proof']);
    log.close();
  });

  it('uses the local runtime layout, sender and templates', () => {
    expect(replayPaths('/data')).toEqual(localPaths('/data'));
    expect(REPLAY_SENDER).toEqual(LOCAL_SENDER);
    expect(REPLAY_TEMPLATES).toBe(TEMPLATES_DIR);
  });
});

describe('replay caches', () => {
  it('hands out the state it stored, keeps version checks and the cleared outbox', async () => {
    const table = new MemoryCustomerTable();
    const store = new WriteBackCustomerStore(table, { capacity: 2 });
    const saved = await store.save({ ...newCustomer('p1'), tz: 'Asia/Seoul' }, 0);
    expect(await store.load('p1')).toBe(saved);
    await expect(store.save(saved, 0)).rejects.toBeInstanceOf(VersionConflictError);
    const outbox = [{ kind: 'event', detailType: 'x', detail: {} }] as unknown as typeof saved.outbox;
    const withOutbox = await store.save({ ...saved, outbox }, 1);
    expect(await store.clearOutbox('p1', 1)).toBe(false);
    expect(await store.clearOutbox('p1', 2)).toBe(true);
    expect(await store.load('p1')).toEqual({ ...withOutbox, outbox: [] });
  });

  it('writes a changed state back to the table when it falls out, and the table then hands it out', async () => {
    const table = new MemoryCustomerTable();
    const store = new WriteBackCustomerStore(table, { capacity: 2 });
    const saved = await store.save({ ...newCustomer('p1'), tz: 'Asia/Seoul' }, 0);
    const again = await store.save(saved, 1);
    expect(table.version('p1')).toBe(0);
    await store.save(newCustomer('p2'), 0);
    await store.load('p3');
    expect(await table.load('p1')).toEqual(again);
    expect(await store.load('p1')).toEqual(again);
    await expect(store.save(saved, 1)).rejects.toBeInstanceOf(VersionConflictError);
    store.flush();
    expect(table.version('p2')).toBe(1);
  });

  it('deep-freezes what it holds when asked, so a write to a handed-out state throws', async () => {
    const store = new WriteBackCustomerStore(new MemoryCustomerTable(), { freeze: true });
    const saved = await store.save(newCustomer('p1'), 0);
    expect(() => {
      (saved.timers as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('sends a message at most once within its window', async () => {
    const ledger = new MemorySendLedger({ leaseMs: 10, records: new BoundedMap(2) });
    expect(await ledger.claim('m1', 0)).toEqual({ status: 'claimed' });
    expect(await ledger.claim('m1', 5)).toEqual({ status: 'in_progress' });
    await ledger.complete('m1', { status: 'sent', providerMessageId: 'x' });
    expect((await ledger.claim('m1', 6)).status).toBe('completed');
    await ledger.claim('m2', 0);
    await ledger.release('m2');
    expect(await ledger.claim('m2', 1)).toEqual({ status: 'claimed' });
    await ledger.claim('m3', 20);
    expect(await ledger.claim('m1', 21)).toEqual({ status: 'claimed' });
  });
});

describe('the memory sampler', () => {
  it('keeps a bounded, evenly spread set of samples however long the input', () => {
    const sampler = new MemorySampler(10);
    for (let rows = 1; rows <= 100_000; rows += 1) sampler.tick(rows);
    const { samples, peakRssMb } = sampler.summary(100_000);
    expect(samples.length).toBeLessThanOrEqual(65);
    expect(samples.length).toBeGreaterThan(16);
    const steps = new Set(samples.slice(0, -1).map((sample, index) => (samples[index + 1]?.rows ?? 0) - sample.rows));
    expect(steps.size).toBeLessThanOrEqual(2);
    expect(peakRssMb).toBeGreaterThan(0);
  });
});
