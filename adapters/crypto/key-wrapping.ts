import { constants } from 'node:crypto';
import {
  decrypt,
  encrypt,
  type KeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  RawRsaKeyringNode,
  SUITE,
} from './encryption-sdk.ts';

const NAMESPACE = 'journey-orchestrator';

/** Wraps and unwraps a customer's data key; which components can unwrap is decided by which key they hold. */
export interface KeyWrapper {
  wrap(key: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
  unwrap(wrapped: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
}

function wrapperOver(keyring: KeyringNode): KeyWrapper {
  return {
    wrap: async (key, context) =>
      (await encrypt(keyring, Buffer.from(key), { encryptionContext: context, suiteId: SUITE })).result,
    unwrap: async (wrapped, context) => {
      const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(wrapped));
      for (const [name, value] of Object.entries(context)) {
        if (messageHeader.encryptionContext[name] !== value) throw new Error(`Wrapped key context mismatch: ${name}`);
      }
      return plaintext;
    },
  };
}

/**
 * AWS: data keys wrapped with an RSA key pair (OAEP, SHA-256) through the Encryption SDK's raw RSA keyring. Ingest
 * holds only the public key: it can create a customer's key but never unwrap one (decision 0002, 0006); delivery and
 * privacy hold the private key, read once per cold start from Secrets Manager.
 */
export function rsaKeyWrapper(keys: { publicKey: string; privateKey?: string }): KeyWrapper {
  return wrapperOver(
    new RawRsaKeyringNode({
      keyName: 'customer-key-wrapping-v1',
      keyNamespace: NAMESPACE,
      rsaKey: { publicKey: keys.publicKey, ...(keys.privateKey ? { privateKey: keys.privateKey } : {}) },
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    }),
  );
}

/** Local runtime and replay: one process holds everything, so data keys are wrapped with the local AES key. */
export function aesKeyWrapper(key: Uint8Array): KeyWrapper {
  if (key.length !== 32) throw new RangeError('The local wrapping key must be 32 bytes (AES-256)');
  return wrapperOver(
    new RawAesKeyringNode({
      keyName: 'customer-key-wrapping-v1',
      keyNamespace: NAMESPACE,
      unencryptedMasterKey: Uint8Array.from(key),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    }),
  );
}
