import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ShreddingVault } from '../../../adapters/crypto/contact-vault.ts';
import { aesKeyWrapper, type KeyWrapper, rsaKeyWrapper } from '../../../adapters/crypto/key-wrapping.ts';
import { MemoryKeyStore } from '../../../adapters/local/memory-key-store.ts';
import { ContactKeyDestroyedError, EncryptionContextMismatchError } from '../../../core/errors.ts';

/** Sealed by the version-1 vault (the Encryption SDK, decision 0006) before decision 0012 changed the format. */
const legacy = JSON.parse(
  readFileSync(new URL('../../fixtures/crypto/sealed-contact-v1.json', import.meta.url), 'utf8'),
) as {
  pseudonym: string;
  contact: Record<string, string>;
  createdAt: number;
  aesWrapped: { wrappingKey: string; keyId: string; wrappedKey: string; sealed: string };
  rsaWrapped: { publicKey: string; privateKey: string; keyId: string; wrappedKey: string; sealed: string };
};
const audit = { record: async () => {} };

async function vaultHolding(wrapper: KeyWrapper, sealed: { keyId: string; wrappedKey: string }) {
  const keys = new MemoryKeyStore();
  await keys.put(legacy.pseudonym, sealed.keyId, Buffer.from(sealed.wrappedKey, 'base64'), legacy.createdAt);
  return { keys, vault: new ShreddingVault({ wrapper, keys, audit, now: () => legacy.createdAt }) };
}

describe('contacts sealed by the version-1 vault (Encryption SDK)', () => {
  it('still open under the local AES wrapping key', async () => {
    const { aesWrapped } = legacy;
    const { vault } = await vaultHolding(aesKeyWrapper(Buffer.from(aesWrapped.wrappingKey, 'base64')), aesWrapped);
    expect(await vault.open(legacy.pseudonym, aesWrapped.sealed, { actor: 'deliver' })).toEqual(legacy.contact);
  });

  it('still open under the RSA key pair, and never with the public key alone', async () => {
    const { rsaWrapped } = legacy;
    const { vault } = await vaultHolding(rsaKeyWrapper(rsaWrapped), rsaWrapped);
    expect(await vault.open(legacy.pseudonym, rsaWrapped.sealed, { actor: 'deliver' })).toEqual(legacy.contact);
    const ingest = await vaultHolding(rsaKeyWrapper({ publicKey: rsaWrapped.publicKey }), rsaWrapped);
    await expect(ingest.vault.open(legacy.pseudonym, rsaWrapped.sealed, { actor: 'ingest' })).rejects.toThrow();
  });

  it('become unreadable once the customer is shredded', async () => {
    const { aesWrapped } = legacy;
    const { vault } = await vaultHolding(aesKeyWrapper(Buffer.from(aesWrapped.wrappingKey, 'base64')), aesWrapped);
    expect(await vault.shred(legacy.pseudonym, legacy.createdAt)).toBe(1);
    await expect(vault.open(legacy.pseudonym, aesWrapped.sealed, { actor: 'deliver' })).rejects.toBeInstanceOf(
      ContactKeyDestroyedError,
    );
  });
});

describe('contacts sealed with AES-256-GCM under the customer key (decision 0012)', () => {
  const contact = { email: 'jimin@example.kr', firstName: '지민' };

  it('start with format byte 2 and the key id the key store holds, and carry no plaintext', async () => {
    const keys = new MemoryKeyStore();
    const vault = new ShreddingVault({ wrapper: aesKeyWrapper(Buffer.alloc(32, 1)), keys, audit, now: () => 0 });
    const bytes = Buffer.from(await vault.seal('p1', contact), 'base64');
    expect(bytes[0]).toBe(2);
    expect(await keys.get('p1', bytes.subarray(1, 17).toString('hex'))).toBeDefined();
    expect(bytes.toString('utf8')).not.toContain('jimin');
  });

  it('refuse a changed key id, body or pseudonym as a context mismatch', async () => {
    const keys = new MemoryKeyStore();
    const vault = new ShreddingVault({ wrapper: aesKeyWrapper(Buffer.alloc(32, 1)), keys, audit, now: () => 0 });
    const bytes = Buffer.from(await vault.seal('p1', contact), 'base64');
    const keyId = bytes.subarray(1, 17).toString('hex');
    await keys.put('p2', keyId, (await keys.get('p1', keyId)) as Uint8Array, 0);
    const wrongPseudonym = vault.open('p2', bytes.toString('base64'), { actor: 'deliver' });
    await expect(wrongPseudonym).rejects.toThrow();
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    await expect(vault.open('p1', tampered.toString('base64'), { actor: 'deliver' })).rejects.toBeInstanceOf(
      EncryptionContextMismatchError,
    );
    await expect(vault.open('p1', bytes.toString('base64'), { actor: 'deliver' })).resolves.toEqual(contact);
  });

  it('refuse an unknown format byte', async () => {
    const vault = new ShreddingVault({
      wrapper: aesKeyWrapper(Buffer.alloc(32, 1)),
      keys: new MemoryKeyStore(),
      audit,
      now: () => 0,
    });
    const bytes = Buffer.from(await vault.seal('p1', contact), 'base64');
    bytes[0] = 3;
    await expect(vault.open('p1', bytes.toString('base64'), { actor: 'deliver' })).rejects.toThrow(/unknown format/);
  });
});

describe('wrapped customer keys', () => {
  const { publicKey, privateKey } = legacy.rsaWrapped;
  const wrappers: [string, KeyWrapper][] = [
    ['RSA-OAEP', rsaKeyWrapper({ publicKey, privateKey })],
    ['AES-GCM', aesKeyWrapper(Buffer.alloc(32, 3))],
  ];

  for (const [name, wrapper] of wrappers) {
    it(`unwrap (${name}) only with the context they were wrapped with`, async () => {
      const key = Buffer.alloc(32, 5);
      const wrapped = await wrapper.wrap(key, { pseudonym: 'p1', keyId: 'k1' });
      expect(Buffer.from(await wrapper.unwrap(wrapped, { keyId: 'k1', pseudonym: 'p1' }))).toEqual(key);
      await expect(wrapper.unwrap(wrapped, { pseudonym: 'p2', keyId: 'k1' })).rejects.toThrow(/context|open/);
    });
  }

  it('cannot be unwrapped with the RSA public key alone', async () => {
    const ingest = rsaKeyWrapper({ publicKey });
    const wrapped = await ingest.wrap(Buffer.alloc(32, 5), { pseudonym: 'p1', keyId: 'k1' });
    await expect(ingest.unwrap(wrapped, { pseudonym: 'p1', keyId: 'k1' })).rejects.toThrow(/no private key/);
  });
});
