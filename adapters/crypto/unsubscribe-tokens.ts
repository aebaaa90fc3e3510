import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  formatUnsubscribeToken,
  isUnsubscribeTokenExpired,
  parseUnsubscribeToken,
  UNSUBSCRIBE_IV_BYTES,
  type UnsubscribeClaims,
  unsubscribeHeader,
} from '../../core/content/unsubscribe-token.ts';
import type { UnsubscribeTokenVerifier, UnsubscribeVerification } from '../../core/ports/unsubscribe.ts';

export interface UnsubscribeTokenOptions {
  /** 32-byte AES-256 keys by id (0–255): keep retired keys here until the tokens they issued have expired. */
  keys: ReadonlyMap<number, Uint8Array>;
  /** The key new tokens are issued under. */
  currentKeyId: number;
}

/**
 * Issues and verifies one-click unsubscribe tokens (layout in `core/content/unsubscribe-token.ts`): the pseudonym is
 * encrypted with AES-256-GCM under a key only the unsubscribe endpoint holds, and the clear header (version, key id,
 * expiry, channel, purpose) is its additional data, so one tag authenticates everything. A fresh random IV per token
 * means two links for the same customer do not match either.
 */
export class UnsubscribeTokens implements UnsubscribeTokenVerifier {
  readonly #keys: ReadonlyMap<number, Uint8Array>;
  readonly #currentKeyId: number;

  constructor(options: UnsubscribeTokenOptions) {
    for (const [id, key] of options.keys) {
      if (key.length !== 32) throw new RangeError(`Unsubscribe key ${id} must be 32 bytes`);
    }
    if (!options.keys.has(options.currentKeyId)) throw new RangeError('The current unsubscribe key is missing');
    this.#keys = options.keys;
    this.#currentKeyId = options.currentKeyId;
  }

  /**
   * Tokens under one key derived (HKDF-SHA256) from a secret of at least 32 bytes: the stage's unsubscribe secret on
   * AWS, the local keyring's pseudonym key locally (a different HKDF label gives an independent key).
   */
  static fromSecret(secret: string | Uint8Array, keyId = 1): UnsubscribeTokens {
    if (secret.length < 32) throw new RangeError('The unsubscribe secret must be at least 32 bytes');
    const key = new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), 'journeys unsubscribe token v1', 32));
    return new UnsubscribeTokens({ keys: new Map([[keyId, key]]), currentKeyId: keyId });
  }

  issue(pseudonym: string, claims: UnsubscribeClaims): string {
    const header = unsubscribeHeader(this.#currentKeyId, claims);
    const iv = randomBytes(UNSUBSCRIBE_IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#currentKeyId) as Uint8Array, iv);
    cipher.setAAD(header);
    const ciphertext = Buffer.concat([cipher.update(pseudonym, 'utf8'), cipher.final()]);
    return formatUnsubscribeToken(header, iv, ciphertext, cipher.getAuthTag());
  }

  /** `now` in epoch milliseconds. Expiry is judged only for authentic tokens. */
  verify(token: string, now: number): UnsubscribeVerification {
    const parts = parseUnsubscribeToken(token);
    if (!parts) return { status: 'rejected', reason: 'malformed' };
    const key = this.#keys.get(parts.keyId);
    if (!key) return { status: 'rejected', reason: 'unknown_key' };
    let pseudonym: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
      decipher.setAAD(parts.header);
      decipher.setAuthTag(parts.tag);
      pseudonym = Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      return { status: 'rejected', reason: 'tampered' };
    }
    if (isUnsubscribeTokenExpired(parts.claims, now)) return { status: 'rejected', reason: 'expired' };
    return { status: 'valid', pseudonym, ...parts.claims };
  }
}
