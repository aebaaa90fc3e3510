import { randomBytes } from 'node:crypto';
import type { AccessAuditLog } from '../../adapters/crypto/access-audit.ts';
import { type CustomerKeySource, CustomerKeyVault } from '../../adapters/crypto/contact-vault.ts';
import { ContactKeyDestroyedError } from '../../core/errors.ts';

interface CustomerKey {
  id: number;
  /** The 32 key bytes as a latin1 string: a tenth of a Buffer's memory, for one key per customer held. */
  key: string;
  createdAt: number;
}

/** One key per customer, held in this process only; its key id is its sequence number. */
class InProcessCustomerKeys implements CustomerKeySource {
  readonly #keys = new Map<string, CustomerKey>();
  readonly #now: () => number;
  #nextId = 1;

  constructor(now: () => number) {
    this.#now = now;
  }

  async sealingKey(pseudonym: string): Promise<{ keyId: Buffer; key: Uint8Array }> {
    let current = this.#keys.get(pseudonym);
    if (!current) {
      current = { id: this.#nextId++, key: randomBytes(32).toString('latin1'), createdAt: this.#now() };
      this.#keys.set(pseudonym, current);
    }
    return { keyId: keyIdOf(current.id), key: Buffer.from(current.key, 'latin1') };
  }

  async openingKey(pseudonym: string, keyId: Buffer): Promise<Uint8Array> {
    const current = this.#keys.get(pseudonym);
    if (!current || !keyIdOf(current.id).equals(keyId)) throw new ContactKeyDestroyedError({ pseudonym });
    return Buffer.from(current.key, 'latin1');
  }

  async shred(pseudonym: string, upTo: number): Promise<number> {
    const current = this.#keys.get(pseudonym);
    if (!current || current.createdAt > upTo) return 0;
    this.#keys.delete(pseudonym);
    return 1;
  }
}

function keyIdOf(id: number): Buffer {
  const keyId = Buffer.alloc(16);
  keyId.writeUInt32BE(id, 0);
  return keyId;
}

/**
 * The contact vault of an in-memory replay: the deployed vault's format (AES-256-GCM under the customer's own key,
 * the encryption context bound as additional data, every open audited, decision 0012), with one data key per
 * customer held in this process only and destroyed by `shred` (crypto-shredding as decision 0006 describes it)
 * instead of a wrapped key stored per seal. Sealed text is readable by this instance only: replays keep nothing.
 */
export class ReplayVault extends CustomerKeyVault {
  constructor(options: { audit: AccessAuditLog; now: () => number }) {
    super(new InProcessCustomerKeys(options.now), options.audit);
  }
}
