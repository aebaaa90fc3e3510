import type { CustomerKeyStore } from '../../core/ports/crypto.ts';

/** Customer keys in memory, for replays and tests that run in one process. */
export class MemoryKeyStore implements CustomerKeyStore {
  readonly #keys = new Map<string, Map<string, { wrapped: Uint8Array; createdAt: number }>>();

  async put(pseudonym: string, keyId: string, wrapped: Uint8Array, createdAt: number): Promise<void> {
    const keys = this.#keys.get(pseudonym) ?? new Map();
    keys.set(keyId, { wrapped, createdAt });
    this.#keys.set(pseudonym, keys);
  }

  async get(pseudonym: string, keyId: string): Promise<Uint8Array | undefined> {
    return this.#keys.get(pseudonym)?.get(keyId)?.wrapped;
  }

  async destroy(pseudonym: string, upTo: number): Promise<number> {
    const keys = this.#keys.get(pseudonym);
    let destroyed = 0;
    for (const [keyId, key] of keys ?? []) {
      if (key.createdAt > upTo) continue;
      keys?.delete(keyId);
      destroyed += 1;
    }
    if (keys?.size === 0) this.#keys.delete(pseudonym);
    return destroyed;
  }
}
