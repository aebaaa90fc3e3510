/** Min-heap of (time, key) pairs. */
export class TimeHeap {
  readonly #items: Array<[number, string]> = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): number | undefined {
    return this.#items[0]?.[0];
  }

  push(time: number, key: string): void {
    const items = this.#items;
    items.push([time, key]);
    for (let index = items.length - 1; index > 0; ) {
      const parent = (index - 1) >> 1;
      if ((items[parent] as [number, string])[0] <= (items[index] as [number, string])[0]) break;
      [items[parent], items[index]] = [items[index] as [number, string], items[parent] as [number, string]];
      index = parent;
    }
  }

  pop(): [number, string] | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let index = 0; ; ) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < items.length && (items[left] as [number, string])[0] < (items[smallest] as [number, string])[0])
          smallest = left;
        if (right < items.length && (items[right] as [number, string])[0] < (items[smallest] as [number, string])[0])
          smallest = right;
        if (smallest === index) break;
        [items[smallest], items[index]] = [items[index] as [number, string], items[smallest] as [number, string]];
        index = smallest;
      }
    }
    return top;
  }
}

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
