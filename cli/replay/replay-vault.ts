import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AccessAuditLog } from '../../adapters/crypto/access-audit.ts';
import { ContactKeyDestroyedError, EncryptionContextMismatchError } from '../../core/errors.ts';
import type { Contact } from '../../core/events/schemas.ts';
import type { AccessPurpose, ContactVault } from '../../core/ports/crypto.ts';

const PURPOSE = 'contact';
const FORMAT_VERSION = 0x52; // 'R': sealed by a replay
const TAG_BYTES = 16;

interface CustomerKey {
  id: number;
  /** The 32 key bytes as a latin1 string: a tenth of a Buffer's memory, for one key per customer held. */
  key: string;
  createdAt: number;
  /** GCM needs a unique IV per key: a counter, since the key never leaves this process. */
  sealed: number;
}

/**
 * The contact vault of an in-memory replay: one AES-256-GCM data key per customer, held in this process only and
 * destroyed by `shred` (crypto-shredding as decision 0006 describes it), the encryption context {pseudonym, purpose}
 * bound as additional authenticated data, and every open audited. It keeps the `ShreddingVault` guarantees that
 * matter inside one process without the Encryption SDK's message format, whose two stream encryptions per seal
 * (~1–2 ms here) would cost more than everything else a replay does per event. Sealed text is readable by this
 * instance only: replays keep nothing.
 */
export class ReplayVault implements ContactVault {
  readonly #keys = new Map<string, CustomerKey>();
  readonly #audit: AccessAuditLog;
  readonly #now: () => number;
  #nextId = 1;

  constructor(options: { audit: AccessAuditLog; now: () => number }) {
    this.#audit = options.audit;
    this.#now = options.now;
  }

  async seal(pseudonym: string, contact: Contact): Promise<string> {
    let current = this.#keys.get(pseudonym);
    if (!current) {
      current = { id: this.#nextId++, key: randomBytes(32).toString('latin1'), createdAt: this.#now(), sealed: 0 };
      this.#keys.set(pseudonym, current);
    }
    current.sealed += 1;
    const iv = Buffer.alloc(12);
    iv.writeUInt32BE(current.id, 0);
    iv.writeDoubleBE(current.sealed, 4);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(current.key, 'latin1'), iv).setAAD(
      Buffer.from(`${pseudonym}|${PURPOSE}`),
    );
    const body = Buffer.concat([cipher.update(JSON.stringify(contact), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async open(pseudonym: string, sealed: string, purpose: AccessPurpose): Promise<Contact> {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes[0] !== FORMAT_VERSION) throw new TypeError(`Sealed contact of ${pseudonym} has an unknown format`);
    const iv = bytes.subarray(1, 13);
    const key = this.#keys.get(pseudonym);
    if (!key || key.id !== iv.readUInt32BE(0)) throw new ContactKeyDestroyedError({ pseudonym });
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key.key, 'latin1'), iv)
      .setAAD(Buffer.from(`${pseudonym}|${PURPOSE}`))
      .setAuthTag(bytes.subarray(13, 13 + TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(bytes.subarray(13 + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new EncryptionContextMismatchError({ pseudonym, purpose: PURPOSE });
    }
    await this.#audit.record({ pseudonym, purpose: PURPOSE, ...purpose });
    return JSON.parse(plaintext.toString('utf8')) as Contact;
  }

  async shred(pseudonym: string, upTo: number): Promise<number> {
    const key = this.#keys.get(pseudonym);
    if (!key || key.createdAt > upTo) return 0;
    this.#keys.delete(pseudonym);
    return 1;
  }
}
