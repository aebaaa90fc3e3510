import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSInternalException } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { type AccessRecord, FileAccessAudit } from '../../../adapters/crypto/access-audit.ts';
import { EncryptionSdkVault, KMS, kmsMaterials, rawAesMaterials } from '../../../adapters/crypto/contact-vault.ts';
import { loadOrCreateLocalKeys } from '../../../adapters/crypto/local-keys.ts';
import { HmacPseudonymizer } from '../../../adapters/crypto/pseudonymizer.ts';
import { EncryptionContextMismatchError } from '../../../core/errors.ts';

const contact = { email: 'jimin@example.kr', phone: '+821012345678', pccc: 'P123456789012', firstName: '지민' };
const memoryAudit = () => {
  const records: AccessRecord[] = [];
  return { records, audit: { record: async (entry: AccessRecord) => void records.push(entry) } };
};

describe('contact vault with the raw AES keyring (local)', () => {
  const { records, audit } = memoryAudit();
  const vault = new EncryptionSdkVault({ materials: rawAesMaterials(randomBytes(32)), audit });

  it('round-trips a contact and the ciphertext holds no plaintext', async () => {
    const sealed = await vault.seal('p1', contact);
    const bytes = Buffer.from(sealed, 'base64').toString('latin1');
    for (const value of Object.values(contact)) expect(bytes).not.toContain(value);
    expect(await vault.open('p1', sealed, { actor: 'deliver', messageId: 'm-1' })).toEqual(contact);
  });

  it('refuses a blob sealed for another pseudonym', async () => {
    const sealed = await vault.seal('p1', contact);
    await expect(vault.open('p2', sealed, { actor: 'deliver' })).rejects.toBeInstanceOf(EncryptionContextMismatchError);
  });

  it('audits every decrypt with who and why, never the plaintext', async () => {
    records.length = 0;
    await vault.open('p1', await vault.seal('p1', contact), { actor: 'privacy-export', requestId: 'r-9' });
    expect(records).toEqual([{ pseudonym: 'p1', purpose: 'contact', actor: 'privacy-export', requestId: 'r-9' }]);
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
});

describe('contact vault with the KMS keyring (scripted KMS client)', () => {
  // Data keys, encryption context and the decrypt cache are tested against KMS on moto:
  // test/aws/adapters/crypto/contact-vault.aws-test.ts. Here only an outage, which moto cannot produce on demand.
  it('fails to seal with the KMS error during a KMS outage, and never falls back to sealing without KMS', async () => {
    const outage = new KMSInternalException({ message: 'internal', $metadata: { httpStatusCode: 500 } });
    const kmsClient = Object.assign(new KMS({ region: 'eu-central-1' }), {
      send: async () => {
        throw outage;
      },
    });
    const vault = new EncryptionSdkVault({
      materials: kmsMaterials({ keyArn: 'arn:aws:kms:eu-central-1:111122223333:key/k', kmsClient }),
      audit: memoryAudit().audit,
    });
    await expect(vault.seal('p-kms', contact)).rejects.toBe(outage);
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
