/** Runs `work` repeatedly for at least `minMs` after a warm-up and returns operations per second. */
export async function opsPerSecond(
  work: () => Promise<unknown> | unknown,
  options: { minMs?: number; batch?: number } = {},
) {
  const batch = options.batch ?? 1;
  for (let warm = 0; warm < 20; warm += 1) await work();
  const started = performance.now();
  let operations = 0;
  while (performance.now() - started < (options.minMs ?? 2000)) {
    for (let index = 0; index < batch; index += 1) await work();
    operations += batch;
  }
  return operations / ((performance.now() - started) / 1000);
}

/** Runs `work(i)` for i in 0..count-1 with `concurrency` workers; returns operations per second. */
export async function throughput(count: number, concurrency: number, work: (index: number) => Promise<unknown>) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) await work(index);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** [min, median, max] of repeated measurements. */
export function spread(values: readonly number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0] ?? 0, sorted[Math.floor((sorted.length - 1) / 2)] ?? 0, sorted.at(-1) ?? 0];
}
