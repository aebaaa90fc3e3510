import { DecryptCommand, InvalidCiphertextException } from '@aws-sdk/client-kms';
import { describe, expect, inject, it } from 'vitest';
import { EncryptionSdkVault, KMS, kmsMaterials } from '../../../../adapters/crypto/contact-vault.ts';
import { DUMMY_CREDENTIALS, harnessClients } from '../../harness/aws-clients.ts';
import { REGION } from '../../harness/deployed-stack.ts';
import { createKey } from '../../harness/moto-fixtures.ts';
import { inputsOf, recordRequests } from '../../harness/request-log.ts';

// A KMS outage (which moto cannot produce on demand) is in test/adapters/crypto/contact-vault.test.ts.
const endpoint = inject('motoEndpoint');
const clients = harnessClients(endpoint);
const contact = { email: 'jimin@example.kr', phone: '+821012345678', pccc: 'P123456789012', firstName: '지민' };
const CONTEXT = { pseudonym: 'p-kms', purpose: 'contact' };

/** The vault on the KMS keyring and caching materials manager, over a real KMS client pointed at moto. */
async function kmsVault() {
  const keyArn = await createKey(clients, 'contact vault test');
  const kmsClient = new KMS({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  const sent = recordRequests(kmsClient);
  const vault = new EncryptionSdkVault({
    materials: kmsMaterials({ keyArn, kmsClient }),
    audit: { record: async () => {} },
  });
  return { keyArn, vault, sent };
}

describe('contact vault with the KMS keyring and caching materials manager (KMS on moto)', () => {
  it('asks KMS for a data key under the encryption context {pseudonym, purpose}', async () => {
    const { keyArn, vault, sent } = await kmsVault();
    const sealed = Buffer.from(await vault.seal('p-kms', contact), 'base64');

    const [request, ...more] = sent.filter((each) => each.operation === 'GenerateDataKey');
    expect(more).toEqual([]);
    expect(request?.input).toMatchObject({ KeyId: keyArn, NumberOfBytes: 32, EncryptionContext: CONTEXT });
    expect(JSON.stringify(request?.input)).not.toContain('jimin@example.kr');
    // The wrapped data key in the sealed blob is the one KMS generated, and KMS opens it only under that context.
    const wrapped = request?.output?.CiphertextBlob as Uint8Array;
    expect(sealed.includes(Buffer.from(wrapped))).toBe(true);
    const opened = await clients.kms.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: CONTEXT }));
    expect(opened.KeyId).toBe(keyArn);
    expect(opened.Plaintext).toHaveLength(32);
    const elsewhere = { ...CONTEXT, pseudonym: 'p-other' };
    await expect(
      clients.kms.send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: elsewhere })),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
  });

  it('decrypts through KMS with the same context, and serves repeat decrypts from the cache', async () => {
    const { keyArn, vault, sent } = await kmsVault();
    const sealed = await vault.seal('p-kms', contact);

    expect(await vault.open('p-kms', sealed, { actor: 'deliver' })).toEqual(contact);
    expect(await vault.open('p-kms', sealed, { actor: 'deliver' })).toEqual(contact);

    const decrypts = inputsOf(sent, 'Decrypt');
    expect(decrypts).toHaveLength(1);
    expect(decrypts[0]).toMatchObject({ KeyId: keyArn, EncryptionContext: CONTEXT });
  });
});
