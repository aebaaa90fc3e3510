import { randomBytes } from 'node:crypto';
import { ContactKeyDestroyedError, EncryptionContextMismatchError } from '../../core/errors.ts';
import type { Contact } from '../../core/events/schemas.ts';
import type { AccessPurpose, ContactVault, CustomerKeyStore } from '../../core/ports/crypto.ts';
import type { AccessAuditLog } from './access-audit.ts';
import { decrypt, encrypt, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, SUITE } from './encryption-sdk.ts';
import type { KeyWrapper } from './key-wrapping.ts';

/** Non-signing committing suite: signing adds nothing when one service both encrypts and decrypts (~7x faster). */
const PURPOSE = 'contact';
/** Sealed contact: version byte, the 16-byte id of the customer key that seals it, the Encryption SDK message. */
const FORMAT_VERSION = 1;
const KEY_ID_BYTES = 16;

function customerKeyring(key: Uint8Array, keyId: string) {
  return new RawAesKeyringNode({
    keyName: keyId,
    keyNamespace: 'journey-orchestrator-customer',
    unencryptedMasterKey: Uint8Array.from(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
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
 * Contacts sealed with the AWS Encryption SDK under a data key of the customer's own: each seal creates a key, stores
 * it wrapped in the key store, and seals the contact with it (encryption context {pseudonym, purpose}). Erasure
 * destroys the customer's keys (`shred`), so every copy of a sealed contact — table versions left on disk, backups,
 * queues — becomes unreadable (decision 0006). No KMS call per seal or open.
 */
export class ShreddingVault implements ContactVault {
  readonly #wrapper: KeyWrapper;
  readonly #keys: CustomerKeyStore;
  readonly #audit: AccessAuditLog;
  readonly #now: () => number;
  readonly #cache = new Map<string, Uint8Array>();
  readonly #cacheSize: number;

  constructor(options: ShreddingVaultOptions) {
    this.#wrapper = options.wrapper;
    this.#keys = options.keys;
    this.#audit = options.audit;
    this.#now = options.now;
    this.#cacheSize = options.cacheSize ?? 10_000;
  }

  async seal(pseudonym: string, contact: Contact): Promise<string> {
    const keyIdBytes = randomBytes(KEY_ID_BYTES);
    const keyId = keyIdBytes.toString('hex');
    const key = randomBytes(32);
    await this.#keys.put(pseudonym, keyId, await this.#wrapper.wrap(key, { pseudonym, keyId }), this.#now());
    const { result } = await encrypt(customerKeyring(key, keyId), JSON.stringify(contact), {
      encryptionContext: { pseudonym, purpose: PURPOSE },
      suiteId: SUITE,
    });
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), keyIdBytes, result]).toString('base64');
  }

  async open(pseudonym: string, sealed: string, purpose: AccessPurpose): Promise<Contact> {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes[0] !== FORMAT_VERSION) throw new TypeError(`Sealed contact of ${pseudonym} has an unknown format`);
    const keyId = bytes.subarray(1, 1 + KEY_ID_BYTES).toString('hex');
    const key = await this.#customerKey(pseudonym, keyId);
    const { plaintext, messageHeader } = await decrypt(customerKeyring(key, keyId), bytes.subarray(1 + KEY_ID_BYTES));
    const context = messageHeader.encryptionContext;
    if (context.pseudonym !== pseudonym || context.purpose !== PURPOSE) {
      throw new EncryptionContextMismatchError({ pseudonym, purpose: PURPOSE });
    }
    await this.#audit.record({ pseudonym, purpose: PURPOSE, ...purpose });
    return JSON.parse(plaintext.toString('utf8')) as Contact;
  }

  async shred(pseudonym: string, upTo: number): Promise<number> {
    for (const cached of this.#cache.keys()) if (cached.startsWith(`${pseudonym}/`)) this.#cache.delete(cached);
    return this.#keys.destroy(pseudonym, upTo);
  }

  async #customerKey(pseudonym: string, keyId: string): Promise<Uint8Array> {
    const id = `${pseudonym}/${keyId}`;
    const cached = this.#cache.get(id);
    if (cached) {
      this.#cache.delete(id);
      this.#cache.set(id, cached);
      return cached;
    }
    const wrapped = await this.#keys.get(pseudonym, keyId);
    if (!wrapped) throw new ContactKeyDestroyedError({ pseudonym });
    const key = await this.#wrapper.unwrap(wrapped, { pseudonym, keyId });
    this.#cache.set(id, key);
    if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value as string);
    return key;
  }
}
