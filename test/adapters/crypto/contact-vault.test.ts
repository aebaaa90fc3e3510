import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAccessAudit } from '../../../adapters/crypto/access-audit.ts';
import { ShreddingVault } from '../../../adapters/crypto/contact-vault.ts';
import { rsaKeyWrapper } from '../../../adapters/crypto/key-wrapping.ts';
import { loadOrCreateLocalKeys } from '../../../adapters/crypto/local-keys.ts';
import { HmacPseudonymizer } from '../../../adapters/crypto/pseudonymizer.ts';
import { FileKeyStore } from '../../../adapters/local/file-key-store.ts';
import { MemoryKeyStore } from '../../../adapters/local/memory-key-store.ts';
import { ContactKeyDestroyedError, EncryptionContextMismatchError } from '../../../core/errors.ts';
import { testVault } from '../../support/test-vault.ts';

const contact = { email: 'jimin@example.kr', phone: '+821012345678', pccc: 'P123456789012', firstName: '지민' };

describe('contact vault with a data key per customer', () => {
  it('round-trips a contact and the sealed blob holds no plaintext', async () => {
    const { vault } = testVault();
    const sealed = await vault.seal('a1', contact);
    const bytes = Buffer.from(sealed, 'base64').toString('latin1');
    for (const value of Object.values(contact)) expect(bytes).not.toContain(value);
    expect(await vault.open('a1', sealed, { actor: 'deliver', messageId: 'm-1' })).toEqual(contact);
  });

  it('refuses a blob sealed for another pseudonym', async () => {
    const { vault, keys } = testVault();
    const sealed = await vault.seal('a1', contact);
    const [keyId] = [Buffer.from(sealed, 'base64').subarray(1, 17).toString('hex')];
    await keys.put('a2', keyId, (await keys.get('a1', keyId)) as Uint8Array, 0);
    await expect(vault.open('a2', sealed, { actor: 'deliver' })).rejects.toThrow();
  });

  it('audits every decrypt with who and why, never the plaintext', async () => {
    const { vault, records } = testVault();
    await vault.open('a1', await vault.seal('a1', contact), { actor: 'privacy-export', requestId: 'r-9' });
    expect(records).toEqual([{ pseudonym: 'a1', purpose: 'contact', actor: 'privacy-export', requestId: 'r-9' }]);
  });

  it('makes every copy of a sealed contact unreadable once the customer is shredded, even a copy cached in memory', async () => {
    const { vault } = testVault(() => 1000);
    const first = await vault.seal('a3', contact);
    const second = await vault.seal('a3', { email: 'new@example.kr' });
    await vault.open('a3', first, { actor: 'deliver' });
    expect(await vault.shred('a3', 1000)).toBe(2);
    await expect(vault.open('a3', first, { actor: 'deliver' })).rejects.toBeInstanceOf(ContactKeyDestroyedError);
    await expect(vault.open('a3', second, { actor: 'deliver' })).rejects.toBeInstanceOf(ContactKeyDestroyedError);
  });

  it('keeps the keys of a customer who came back after the erasure', async () => {
    let now = 1000;
    const { vault } = testVault(() => now);
    await vault.seal('a4', contact);
    now = 3000;
    const afterReturn = await vault.seal('a4', { email: 'back@example.kr' });
    expect(await vault.shred('a4', 2000)).toBe(1);
    expect(await vault.open('a4', afterReturn, { actor: 'deliver' })).toEqual({ email: 'back@example.kr' });
  });

  it('lets a component holding only the public key seal contacts but never open one (ingest on AWS)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 3072,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const keys = new MemoryKeyStore();
    const audit = { record: async () => {} };
    const ingest = new ShreddingVault({ wrapper: rsaKeyWrapper({ publicKey }), keys, audit, now: () => 0 });
    const deliver = new ShreddingVault({
      wrapper: rsaKeyWrapper({ publicKey, privateKey }),
      keys,
      audit,
      now: () => 0,
    });
    const sealed = await ingest.seal('a5', contact);
    await expect(ingest.open('a5', sealed, { actor: 'ingest' })).rejects.toThrow();
    expect(await deliver.open('a5', sealed, { actor: 'deliver' })).toEqual(contact);
  });

  it('keeps local keys one file each, mode 0600, and removes them for good when shredded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const store = new FileKeyStore(dir);
    await store.put('ab', 'c0ffee', Buffer.from('wrapped'), 5);
    const [file] = (await import('node:fs')).readdirSync(join(dir, 'ab'));
    expect(statSync(join(dir, 'ab', file as string)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await store.get('ab', 'c0ffee')) as Uint8Array).toString()).toBe('wrapped');
    expect(await store.destroy('ab', 5)).toBe(1);
    expect(await store.get('ab', 'c0ffee')).toBeUndefined();
  });

  it('writes the local audit to a JSON lines file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'access.jsonl');
    await new FileAccessAudit(path, () => 0).record({ pseudonym: 'p1', purpose: 'contact', actor: 'deliver' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      pseudonym: 'p1',
      purpose: 'contact',
      actor: 'deliver',
    });
  });

  it('tells a context mismatch apart', () => {
    expect(new EncryptionContextMismatchError({ pseudonym: 'p', purpose: 'contact' }).message).toContain('mismatch');
  });
});

describe('pseudonyms and local keys', () => {
  it('gives the same pseudonym for the same id and key, another under another key, and loads the key once', async () => {
    let loads = 0;
    const key = randomBytes(32);
    const pseudonymizer = new HmacPseudonymizer(async () => {
      loads += 1;
      return key;
    });
    const first = await pseudonymizer.pseudonymOf('customer-1');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await pseudonymizer.pseudonymOf('customer-1')).toBe(first);
    expect(await pseudonymizer.pseudonymOf('customer-2')).not.toBe(first);
    expect(await new HmacPseudonymizer(async () => randomBytes(32)).pseudonymOf('customer-1')).not.toBe(first);
    expect(loads).toBe(1);
  });

  it('generates the local key file once with mode 0600 and reuses it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'keys-')), 'nested', 'keyring.json');
    const created = await loadOrCreateLocalKeys(path);
    expect(created.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateLocalKeys(path);
    expect(again.created).toBe(false);
    expect(Buffer.from(again.keys.contactKey)).toEqual(Buffer.from(created.keys.contactKey));
  });
});
