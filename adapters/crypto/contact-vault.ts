import { randomBytes } from 'node:crypto';
import { ContactKeyDestroyedError, EncryptionContextMismatchError } from '../../core/errors.ts';
import type { Contact } from '../../core/events/schemas.ts';
import type { AccessPurpose, ContactVault, CustomerKeyStore } from '../../core/ports/crypto.ts';
import type { AccessAuditLog } from './access-audit.ts';
import { gcmOpen, gcmSeal } from './aes-gcm.ts';
import type { KeyWrapper } from './key-wrapping.ts';

const PURPOSE = 'contact';
/**
 * Sealed contact: format byte, the 16-byte id of the customer key that seals it, then the sealed body. Format 2
 * (decision 0012): AES-256-GCM `iv | tag | ciphertext` under the customer key, the header and the encryption
 * context {pseudonym, purpose} as additional data. Format 1 (decision 0006, still read): an Encryption SDK message.
 */
const SDK_MESSAGE = 1;
const AES_GCM = 2;
const KEY_ID_BYTES = 16;

/** Where a vault gets the keys of a customer: a fresh one to seal with, the one named in a sealed contact to open. */
export interface CustomerKeySource {
  sealingKey(pseudonym: string): Promise<{ keyId: Buffer; key: Uint8Array }>;
  /** Throws `ContactKeyDestroyedError` when the key is gone (erased). */
  openingKey(pseudonym: string, keyId: Buffer): Promise<Uint8Array>;
  /** Destroys every key of the customer created up to `upTo`; returns how many. */
  shred(pseudonym: string, upTo: number): Promise<number>;
}

function additionalData(header: Buffer, pseudonym: string): Buffer {
  return Buffer.concat([header, Buffer.from(`${pseudonym}|${PURPOSE}`, 'utf8')]);
}

/**
 * Contacts sealed under a data key of the customer's own, which the key source creates, finds and destroys: erasure
 * destroys the customer's keys (`shred`), so every copy of a sealed contact — table versions left on disk, backups,
 * queues — becomes unreadable (decision 0006). Every open is audited.
 */
export class CustomerKeyVault implements ContactVault {
  readonly #keys: CustomerKeySource;
  readonly #audit: AccessAuditLog;

  constructor(keys: CustomerKeySource, audit: AccessAuditLog) {
    this.#keys = keys;
    this.#audit = audit;
  }

  async seal(pseudonym: string, contact: Contact): Promise<string> {
    const { keyId, key } = await this.#keys.sealingKey(pseudonym);
    const header = Buffer.concat([Buffer.from([AES_GCM]), keyId]);
    const body = gcmSeal(key, Buffer.from(JSON.stringify(contact), 'utf8'), additionalData(header, pseudonym));
    return Buffer.concat([header, body]).toString('base64');
  }

  async open(pseudonym: string, sealed: string, purpose: AccessPurpose): Promise<Contact> {
    const bytes = Buffer.from(sealed, 'base64');
    const format = bytes[0];
    if (format !== AES_GCM && format !== SDK_MESSAGE) {
      throw new TypeError(`Sealed contact of ${pseudonym} has an unknown format`);
    }
    const header = bytes.subarray(0, 1 + KEY_ID_BYTES);
    const key = await this.#keys.openingKey(pseudonym, header.subarray(1));
    const body = bytes.subarray(1 + KEY_ID_BYTES);
    const plaintext =
      format === AES_GCM
        ? openSealed(key, body, additionalData(header, pseudonym), pseudonym)
        : await openSdkMessage(key, header.subarray(1).toString('hex'), body, pseudonym);
    await this.#audit.record({ pseudonym, purpose: PURPOSE, ...purpose });
    return JSON.parse(plaintext.toString('utf8')) as Contact;
  }

  shred(pseudonym: string, upTo: number): Promise<number> {
    return this.#keys.shred(pseudonym, upTo);
  }
}

function openSealed(key: Uint8Array, body: Buffer, aad: Buffer, pseudonym: string): Buffer {
  try {
    return gcmOpen(key, body, aad);
  } catch {
    throw new EncryptionContextMismatchError({ pseudonym, purpose: PURPOSE });
  }
}

async function openSdkMessage(key: Uint8Array, keyId: string, message: Buffer, pseudonym: string): Promise<Buffer> {
  const { decryptWithAes } = await import('./encryption-sdk.ts');
  const keyring = { namespace: 'journey-orchestrator-customer', name: keyId };
  const { plaintext, encryptionContext } = await decryptWithAes(key, keyring, message);
  if (encryptionContext.pseudonym !== pseudonym || encryptionContext.purpose !== PURPOSE) {
    throw new EncryptionContextMismatchError({ pseudonym, purpose: PURPOSE });
  }
  return plaintext;
}

export interface ShreddingVaultOptions {
  /** Wraps the customers' data keys (RSA on AWS: ingest holds the public key only; AES locally). */
  wrapper: KeyWrapper;
  keys: CustomerKeyStore;
  audit: AccessAuditLog;
  /** When keys are created (epoch ms). */
  now: () => number;
  /** Unwrapped keys kept in memory, most recently used first (default 10,000). */
  cacheSize?: number;
}

/**
 * A fresh data key per seal, stored wrapped in the key store, so that a component holding only the wrapping public
 * key (ingest on AWS) can seal but never open; opening unwraps the key named in the sealed contact (cached, LRU).
 */
class WrappedKeyPerSeal implements CustomerKeySource {
  readonly #options: ShreddingVaultOptions;
  readonly #cache = new Map<string, Uint8Array>();
  readonly #cacheSize: number;

  constructor(options: ShreddingVaultOptions) {
    this.#options = options;
    this.#cacheSize = options.cacheSize ?? 10_000;
  }

  async sealingKey(pseudonym: string): Promise<{ keyId: Buffer; key: Uint8Array }> {
    const random = randomBytes(KEY_ID_BYTES + 32);
    const keyId = random.subarray(0, KEY_ID_BYTES);
    const key = random.subarray(KEY_ID_BYTES);
    const id = keyId.toString('hex');
    const wrapped = await this.#options.wrapper.wrap(key, { pseudonym, keyId: id });
    await this.#options.keys.put(pseudonym, id, wrapped, this.#options.now());
    return { keyId, key };
  }

  async openingKey(pseudonym: string, keyIdBytes: Buffer): Promise<Uint8Array> {
    const keyId = keyIdBytes.toString('hex');
    const id = `${pseudonym}/${keyId}`;
    const cached = this.#cache.get(id);
    if (cached) {
      this.#cache.delete(id);
      this.#cache.set(id, cached);
      return cached;
    }
    const wrapped = await this.#options.keys.get(pseudonym, keyId);
    if (!wrapped) throw new ContactKeyDestroyedError({ pseudonym });
    const key = await this.#options.wrapper.unwrap(wrapped, { pseudonym, keyId });
    this.#cache.set(id, key);
    if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value as string);
    return key;
  }

  async shred(pseudonym: string, upTo: number): Promise<number> {
    for (const cached of this.#cache.keys()) if (cached.startsWith(`${pseudonym}/`)) this.#cache.delete(cached);
    return this.#options.keys.destroy(pseudonym, upTo);
  }
}

/**
 * The vault as deployed and in the local runtime: a data key per seal, wrapped (decision 0006), contacts sealed with
 * AES-256-GCM under it (decision 0012). No KMS call per seal or open.
 */
export class ShreddingVault extends CustomerKeyVault {
  constructor(options: ShreddingVaultOptions) {
    super(new WrappedKeyPerSeal(options), options.audit);
  }
}
