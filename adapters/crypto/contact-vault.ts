import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  getLocalCryptographicMaterialsCache,
  type KeyringNode,
  KMS,
  KmsKeyringNode,
  NodeCachingMaterialsManager,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { EncryptionContextMismatchError } from '../../core/errors.ts';
import type { Contact } from '../../core/events/schemas.ts';
import type { AccessPurpose, ContactVault } from '../../core/ports/crypto.ts';
import type { AccessAuditLog } from './access-audit.ts';

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/** Non-signing committing suite: signing adds nothing when one service both encrypts and decrypts (~7x faster). */
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const PURPOSE = 'contact';

type Materials = KeyringNode | NodeCachingMaterialsManager;

/** Envelope encryption of contact blobs with the AWS Encryption SDK; context {pseudonym, purpose} asserted on decrypt. */
export class EncryptionSdkVault implements ContactVault {
  readonly #materials: Materials;
  readonly #audit: AccessAuditLog;

  constructor(options: { materials: Materials; audit: AccessAuditLog }) {
    this.#materials = options.materials;
    this.#audit = options.audit;
  }

  async seal(pseudonym: string, contact: Contact): Promise<string> {
    const { result } = await encrypt(this.#materials, JSON.stringify(contact), {
      encryptionContext: { pseudonym, purpose: PURPOSE },
      suiteId: SUITE,
    });
    return result.toString('base64');
  }

  async open(pseudonym: string, sealed: string, purpose: AccessPurpose): Promise<Contact> {
    const { plaintext, messageHeader } = await decrypt(this.#materials, Buffer.from(sealed, 'base64'));
    const context = messageHeader.encryptionContext;
    if (context.pseudonym !== pseudonym || context.purpose !== PURPOSE) {
      throw new EncryptionContextMismatchError({ pseudonym, purpose: PURPOSE });
    }
    await this.#audit.record({ pseudonym, purpose: PURPOSE, ...purpose });
    return JSON.parse(plaintext.toString('utf8')) as Contact;
  }
}

export interface KmsMaterialsOptions {
  keyArn: string;
  /** Inject a client (tests, custom retry); default: a KMS client for the key's region. */
  kmsClient?: KMS;
  /** How long cached data keys may be used (default 5 minutes). */
  maxAgeMs?: number;
  /** Data key reuse limit per cache entry (default 10,000 messages). */
  maxMessagesEncrypted?: number;
  cacheCapacity?: number;
}

/** AWS: KMS keyring behind a caching materials manager (repeat encrypts and decrypts skip KMS while cached). */
export function kmsMaterials(options: KmsMaterialsOptions): NodeCachingMaterialsManager {
  const client = options.kmsClient;
  const keyring = new KmsKeyringNode({
    generatorKeyId: options.keyArn,
    ...(client ? { clientProvider: () => client } : {}),
  });
  return new NodeCachingMaterialsManager({
    backingMaterials: keyring,
    cache: getLocalCryptographicMaterialsCache(options.cacheCapacity ?? 1000),
    maxAge: options.maxAgeMs ?? 5 * 60_000,
    maxMessagesEncrypted: options.maxMessagesEncrypted ?? 10_000,
  });
}

/** Local: raw AES-256 keyring over a key generated once into a 0600 key file. */
export function rawAesMaterials(key: Uint8Array, keyName = 'local-contact-key-v1'): KeyringNode {
  if (key.length !== 32) throw new RangeError('The local contact key must be 32 bytes (AES-256)');
  return new RawAesKeyringNode({
    keyName,
    keyNamespace: 'journey-orchestrator',
    unencryptedMasterKey: Uint8Array.from(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

export { KMS };
