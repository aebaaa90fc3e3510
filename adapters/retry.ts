export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 50,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Sends items in chunks; `sendChunk` returns the items that failed and are worth retrying. Retries those with
 * exponential backoff and throws naming the count left when attempts run out.
 */
export async function sendInChunks<T>(
  items: readonly T[],
  chunkSize: number,
  sendChunk: (chunk: T[]) => Promise<T[]>,
  what: string,
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<void> {
  for (let start = 0; start < items.length; start += chunkSize) {
    let pending = items.slice(start, start + chunkSize);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > policy.maxAttempts) {
        throw new Error(`${what}: ${pending.length} entries still failing after ${policy.maxAttempts} attempts`);
      }
      if (attempt > 1) await policy.sleep(policy.baseDelayMs * 2 ** (attempt - 2));
      pending = await sendChunk(pending);
    }
  }
}
