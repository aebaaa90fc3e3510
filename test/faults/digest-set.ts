import { fnv1a } from '../../core/hash.ts';

/** A second, independent 32-bit hash (djb2 variant), so a set digest is 64 bits wide. */
function djb2(text: string): number {
  let hash = 5381;
  for (let index = 0; index < text.length; index += 1) hash = (Math.imul(hash, 33) ^ text.charCodeAt(index)) >>> 0;
  return hash;
}

/**
 * Counts per key with an order-independent digest kept up to date on every change, so two runs can be compared in
 * O(1) however much they recorded: equal digests mean equal (key → count) maps, up to a 2^-64 chance.
 */
export class DigestCounter {
  readonly counts: Map<string, number>;
  #sumA = 0;
  #sumB = 0;

  constructor(from?: DigestCounter) {
    this.counts = new Map(from?.counts);
    if (from) {
      this.#sumA = from.#sumA;
      this.#sumB = from.#sumB;
    }
  }

  /** Adds one to `key`; with `distinct`, the digest only tells which keys are present, not how often. */
  add(key: string, distinct = false): number {
    const before = this.counts.get(key) ?? 0;
    const after = before + 1;
    this.counts.set(key, after);
    if (distinct && before > 0) return after;
    if (before > 0) this.#fold(`${key}\u0000${before}`, -1);
    this.#fold(distinct ? key : `${key}\u0000${after}`, 1);
    return after;
  }

  has(key: string): boolean {
    return this.counts.has(key);
  }

  get size(): number {
    return this.counts.size;
  }

  get digest(): string {
    return `${this.#sumA.toString(16)}.${this.#sumB.toString(16)}`;
  }

  #fold(entry: string, sign: 1 | -1): void {
    this.#sumA = (this.#sumA + sign * fnv1a(entry)) >>> 0;
    this.#sumB = (this.#sumB + sign * djb2(entry)) >>> 0;
  }
}
