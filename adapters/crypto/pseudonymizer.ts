import { createHmac } from 'node:crypto';
import type { Pseudonymizer } from '../../core/ports/crypto.ts';

/** HMAC-SHA256(customerId) under a secret key, hex: stable, not reversible without the key. */
export class HmacPseudonymizer implements Pseudonymizer {
  readonly #key: () => Promise<Uint8Array | string>;
  #cached: Uint8Array | string | undefined;

  /** `key` is loaded once (per cold start) on first use. */
  constructor(key: () => Promise<Uint8Array | string>) {
    this.#key = key;
  }

  async pseudonymOf(customerId: string): Promise<string> {
    this.#cached ??= await this.#key();
    if (this.#cached.length < 32) throw new RangeError('The pseudonym key must be at least 32 bytes');
    return createHmac('sha256', this.#cached).update(customerId, 'utf8').digest('hex');
  }
}
