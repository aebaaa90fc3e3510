/**
 * Deterministic interleaving of concurrent workers: every port call a worker makes through `wrap` waits at a gate,
 * and once every live worker is waiting (or done) the schedule picks which one goes on. A port call then runs to
 * completion before anyone else moves, as one request to DynamoDB or SQS does; what differs between schedules is
 * the order of the calls — every order, when explored exhaustively.
 */
export class Interleaver {
  readonly #waiting = new Map<number, () => void>();
  #calls = 0;
  /** Port calls that failed, by error name (a save that lost the race: `VersionConflictError`). */
  readonly failures = new Map<string, number>();

  get calls(): number {
    return this.#calls;
  }

  /** The port as worker `worker` sees it: each call of the `gated` (async) methods waits for its turn. */
  wrap<T extends object>(worker: number, port: T, gated: readonly string[]): T {
    return new Proxy(port, {
      get: (object, property) => {
        const value = Reflect.get(object, property, object);
        if (typeof value !== 'function' || typeof property === 'symbol') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (!gated.includes(property)) return method.bind(object);
        return async (...args: unknown[]) => {
          await new Promise<void>((resume) => this.#waiting.set(worker, resume));
          this.#calls += 1;
          try {
            return await method.apply(object, args);
          } catch (error) {
            const name = error instanceof Error ? error.name : 'unknown';
            this.failures.set(name, (this.failures.get(name) ?? 0) + 1);
            throw error;
          }
        };
      },
    });
  }

  /**
   * Runs the workers to the end; `choose` gets the waiting workers (ascending) and returns the one to resume.
   * Returns each worker's result or error.
   */
  async run<T>(
    workers: ReadonlyArray<() => Promise<T>>,
    choose: (ready: number[]) => number,
  ): Promise<Array<{ ok: true; value: T } | { ok: false; error: unknown }>> {
    const done = new Set<number>();
    const results = workers.map((worker, index) =>
      worker()
        .then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        )
        .finally(() => done.add(index)),
    );
    while (done.size < workers.length) {
      await settle();
      const ready = [...this.#waiting.keys()].sort((a, b) => a - b);
      if (ready.length === 0) {
        if (done.size < workers.length) throw new Error('a worker is blocked outside a port call');
        break;
      }
      const next = choose(ready);
      const resume = this.#waiting.get(next) as () => void;
      this.#waiting.delete(next);
      resume();
    }
    return Promise.all(results);
  }
}

/** Lets every pending promise reaction run (all ports here are in memory, so nothing waits on real I/O). */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Every schedule of `runOnce`, depth first (up to `limit`): each run is steered by the choices of the previous one
 * with the deepest choice that has an alternative advanced. Returns how many schedules ran and whether that was all.
 */
export async function everySchedule(
  runOnce: (choose: (ready: number[]) => number) => Promise<void>,
  limit: number,
): Promise<{ schedules: number; exhaustive: boolean }> {
  let prefix: number[] = [];
  for (let schedules = 1; ; schedules += 1) {
    const trace: Array<{ choice: number; options: number }> = [];
    await runOnce((ready) => {
      const choice = prefix[trace.length] ?? 0;
      trace.push({ choice, options: ready.length });
      return ready[choice] as number;
    });
    let depth = trace.length - 1;
    while (
      depth >= 0 &&
      (trace[depth] as { choice: number; options: number }).choice + 1 >= (trace[depth]?.options ?? 0)
    ) {
      depth -= 1;
    }
    if (depth < 0) return { schedules, exhaustive: true };
    if (schedules >= limit) return { schedules, exhaustive: false };
    prefix = [...trace.slice(0, depth).map((step) => step.choice), (trace[depth]?.choice ?? 0) + 1];
  }
}
