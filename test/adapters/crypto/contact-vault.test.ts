import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
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

describe('contact vault with the KMS keyring and caching materials manager (mocked KMS)', () => {
  const kms = mockClient(KMSClient);
  afterEach(() => kms.reset());
  const keyArn = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  function stubKms() {
    const dataKey = randomBytes(32);
    // The SDK zeroes data keys after use: hand out copies, as KMS would.
    kms
      .on(GenerateDataKeyCommand)
      .callsFake(() => ({ Plaintext: Buffer.from(dataKey), CiphertextBlob: randomBytes(64), KeyId: keyArn }));
    kms.on(DecryptCommand).callsFake(() => ({ Plaintext: Buffer.from(dataKey), KeyId: keyArn }));
  }

  it('asks KMS for a data key under the encryption context {pseudonym, purpose}', async () => {
    stubKms();
    const vault = new EncryptionSdkVault({
      materials: kmsMaterials({ keyArn, kmsClient: new KMS({ region: 'eu-central-1' }) }),
      audit: memoryAudit().audit,
    });
    await vault.seal('p-kms', contact);
    const [call] = kms.commandCalls(GenerateDataKeyCommand);
    expect(call?.args[0].input).toMatchObject({
      KeyId: keyArn,
      NumberOfBytes: 32,
      EncryptionContext: { pseudonym: 'p-kms', purpose: 'contact' },
    });
    expect(JSON.stringify(call?.args[0].input)).not.toContain('jimin@example.kr');
  });

  it('decrypts through KMS with the same context, and serves repeat decrypts from the cache', async () => {
    stubKms();
    const vault = new EncryptionSdkVault({
      materials: kmsMaterials({ keyArn, kmsClient: new KMS({ region: 'eu-central-1' }) }),
      audit: memoryAudit().audit,
    });
    const sealed = await vault.seal('p-kms', contact);
    expect(await vault.open('p-kms', sealed, { actor: 'deliver' })).toEqual(contact);
    expect(await vault.open('p-kms', sealed, { actor: 'deliver' })).toEqual(contact);
    const decrypts = kms.commandCalls(DecryptCommand);
    expect(decrypts).toHaveLength(1);
    expect(decrypts[0]?.args[0].input).toMatchObject({
      KeyId: keyArn,
      EncryptionContext: { pseudonym: 'p-kms', purpose: 'contact' },
    });
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
