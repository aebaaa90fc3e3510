import { constants } from 'node:crypto';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { RawRsaKeyringNode } from '@aws-crypto/raw-rsa-keyring-node';

/**
 * Reading what the version-1 vault wrote with the AWS Encryption SDK (key commitment required, decision 0006):
 * wrapped keys and sealed contacts written before decision 0012 stay readable. Imported only when such a blob is
 * met, so a function that never meets one never loads the SDK. Built from the SDK's sub-packages rather than
 * `@aws-crypto/client-node`, which also loads the KMS keyrings and their clients (decision 0007).
 */
const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

export interface LegacyMessage {
  plaintext: Buffer;
  encryptionContext: Readonly<Record<string, string>>;
}

async function decrypted(keyring: Parameters<typeof decrypt>[0], message: Uint8Array): Promise<LegacyMessage> {
  const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(message));
  return { plaintext, encryptionContext: messageHeader.encryptionContext };
}

/** An SDK message under a raw AES-256-GCM keyring (`namespace`/`name` as it was written). */
export function decryptWithAes(
  key: Uint8Array,
  keyring: { namespace: string; name: string },
  message: Uint8Array,
): Promise<LegacyMessage> {
  const aes = new RawAesKeyringNode({
    keyName: keyring.name,
    keyNamespace: keyring.namespace,
    unencryptedMasterKey: Uint8Array.from(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  return decrypted(aes, message);
}

/** An SDK message under the raw RSA keyring (OAEP, SHA-256) of the contact key pair. */
export function decryptWithRsa(
  keys: { publicKey: string; privateKey: string },
  keyring: { namespace: string; name: string },
  message: Uint8Array,
): Promise<LegacyMessage> {
  const rsa = new RawRsaKeyringNode({
    keyName: keyring.name,
    keyNamespace: keyring.namespace,
    rsaKey: { publicKey: keys.publicKey, privateKey: keys.privateKey },
    padding: constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: 'sha256',
  });
  return decrypted(rsa, message);
}
