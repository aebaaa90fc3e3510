/** FNV-1a 32-bit: a small, stable, dependency-free hash for deterministic bucketing (not for security). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Deterministic bucket in 0..buckets-1 for a key (holdout, A/B splits, wake shards). */
export function bucketOf(key: string, buckets: number): number {
  return fnv1a(key) % buckets;
}
