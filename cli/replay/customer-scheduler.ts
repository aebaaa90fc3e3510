/**
 * Runs work per customer strictly in order (one chain per customer) while different customers run concurrently,
 * at most `concurrency` tasks at a time.
 */
export class CustomerScheduler {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #concurrency: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];
  #firstError: unknown;

  constructor(concurrency: number) {
    this.#concurrency = Math.max(1, concurrency);
  }

  /** Queues `task` after the customer's previous work; resolves once it is queued (back-pressure on the reader). */
  async schedule(customer: string, task: () => Promise<void>): Promise<void> {
    if (this.#firstError) throw this.#firstError;
    if (this.#active >= this.#concurrency) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active += 1;
    const previous = this.#chains.get(customer) ?? Promise.resolve();
    const next = previous
      .then(task)
      .catch((error) => {
        this.#firstError ??= error;
      })
      .finally(() => {
        this.#active -= 1;
        this.#waiting.shift()?.();
        if (this.#chains.get(customer) === next) this.#chains.delete(customer);
      });
    this.#chains.set(customer, next);
  }

  /** Waits for everything scheduled so far; rethrows the first failure. */
  async idle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all(this.#chains.values());
    if (this.#firstError) throw this.#firstError;
  }
}
