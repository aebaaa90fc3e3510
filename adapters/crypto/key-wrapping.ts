import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt } from 'node:crypto';
import { gcmOpen, gcmSeal } from './aes-gcm.ts';

/** Wraps and unwraps a customer's data key; which components can unwrap is decided by which key they hold. */
export interface KeyWrapper {
  wrap(key: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
  unwrap(wrapped: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
}

/** The version-1 wrapper's Encryption SDK keyring, which older wrapped keys name. */
const LEGACY_KEYRING = { namespace: 'journey-orchestrator', name: 'customer-key-wrapping-v1' };
/** First byte of a wrapped key (decision 0012); an Encryption SDK message starts with 0x01 or 0x02. */
const AES_GCM_WRAPPED = 0x41;
const RSA_OAEP_WRAPPED = 0x52;

export class WrappedKeyContextError extends Error {
  override name = 'WrappedKeyContextError';
}

/** The context as bytes bound to the wrapped key (GCM additional data, OAEP label): same context, same bytes. */
function contextBytes(tag: number, context: Record<string, string>): Buffer {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(`${String.fromCharCode(tag)}${JSON.stringify(entries)}`, 'latin1');
}

async function unwrapLegacy(
  wrapped: Uint8Array,
  context: Record<string, string>,
  decrypt: (message: Uint8Array) => Promise<{ plaintext: Buffer; encryptionContext: Readonly<Record<string, string>> }>,
): Promise<Uint8Array> {
  const { plaintext, encryptionContext } = await decrypt(wrapped);
  for (const [name, value] of Object.entries(context)) {
    if (encryptionContext[name] !== value) throw new WrappedKeyContextError(`Wrapped key context mismatch: ${name}`);
  }
  return plaintext;
}

/**
 * AWS: data keys wrapped with an RSA key pair (OAEP, SHA-256, the context as the OAEP label). Ingest holds only the
 * public key: it can create a customer's key but never unwrap one (decisions 0002, 0006); delivery and privacy hold
 * the private key, read once per cold start from Secrets Manager. Keys wrapped by the Encryption SDK's raw RSA
 * keyring (before decision 0012) still unwrap.
 */
export function rsaKeyWrapper(keys: { publicKey: string; privateKey?: string }): KeyWrapper {
  const publicKey = createPublicKey(keys.publicKey);
  const privateKey = keys.privateKey ? createPrivateKey(keys.privateKey) : undefined;
  const oaep = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
  return {
    wrap: async (key, context) =>
      Buffer.concat([
        Buffer.from([RSA_OAEP_WRAPPED]),
        publicEncrypt({ key: publicKey, ...oaep, oaepLabel: contextBytes(RSA_OAEP_WRAPPED, context) }, key),
      ]),
    unwrap: async (wrapped, context) => {
      if (!privateKey || !keys.privateKey) throw new Error('This component holds no private key: it cannot unwrap');
      if (wrapped[0] !== RSA_OAEP_WRAPPED) {
        const pair = { publicKey: keys.publicKey, privateKey: keys.privateKey };
        const { decryptWithRsa } = await import('./encryption-sdk.ts');
        return unwrapLegacy(wrapped, context, (message) => decryptWithRsa(pair, LEGACY_KEYRING, message));
      }
      try {
        const label = contextBytes(RSA_OAEP_WRAPPED, context);
        return privateDecrypt({ key: privateKey, ...oaep, oaepLabel: label }, wrapped.subarray(1));
      } catch {
        throw new WrappedKeyContextError('Wrapped key does not open under this key pair and context');
      }
    },
  };
}

/** Local runtime and replay: one process holds everything, so data keys are wrapped with the local AES key. */
export function aesKeyWrapper(key: Uint8Array): KeyWrapper {
  if (key.length !== 32) throw new RangeError('The local wrapping key must be 32 bytes (AES-256)');
  const wrappingKey = Buffer.from(key);
  return {
    wrap: async (dataKey, context) =>
      Buffer.concat([
        Buffer.from([AES_GCM_WRAPPED]),
        gcmSeal(wrappingKey, dataKey, contextBytes(AES_GCM_WRAPPED, context)),
      ]),
    unwrap: async (wrapped, context) => {
      if (wrapped[0] !== AES_GCM_WRAPPED) {
        const { decryptWithAes } = await import('./encryption-sdk.ts');
        return unwrapLegacy(wrapped, context, (message) => decryptWithAes(wrappingKey, LEGACY_KEYRING, message));
      }
      try {
        return gcmOpen(wrappingKey, wrapped.subarray(1), contextBytes(AES_GCM_WRAPPED, context));
      } catch {
        throw new WrappedKeyContextError('Wrapped key does not open under this key and context');
      }
    },
  };
}
