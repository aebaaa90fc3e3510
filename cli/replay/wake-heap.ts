/**
 * Each customer's next wake time, earliest first: a binary min-heap with one entry per customer and its position
 * indexed, so moving a customer's time updates that entry in place. Its size is the number of customers with a
 * pending timer, however often their timers move.
 */
export class WakeHeap {
  readonly #times: number[] = [];
  readonly #keys: string[] = [];
  readonly #positions = new Map<string, number>();

  get size(): number {
    return this.#keys.length;
  }

  get(key: string): number | undefined {
    const position = this.#positions.get(key);
    return position === undefined ? undefined : this.#times[position];
  }

  /** The earliest time, or undefined when empty. */
  peek(): number | undefined {
    return this.#times[0];
  }

  /** Sets (or moves) the key's time. */
  set(key: string, time: number): void {
    const position = this.#positions.get(key);
    if (position === undefined) {
      this.#times.push(time);
      this.#keys.push(key);
      this.#positions.set(key, this.#keys.length - 1);
      this.#up(this.#keys.length - 1);
      return;
    }
    const before = this.#times[position] as number;
    this.#times[position] = time;
    if (time < before) this.#up(position);
    else if (time > before) this.#down(position);
  }

  delete(key: string): void {
    const position = this.#positions.get(key);
    if (position === undefined) return;
    const last = this.#keys.length - 1;
    this.#swap(position, last);
    this.#times.pop();
    this.#keys.pop();
    this.#positions.delete(key);
    if (position < last) {
      this.#up(position);
      this.#down(position);
    }
  }

  /** Removes and returns the earliest entry. */
  pop(): [number, string] | undefined {
    if (this.#keys.length === 0) return undefined;
    const top: [number, string] = [this.#times[0] as number, this.#keys[0] as string];
    this.delete(top[1]);
    return top;
  }

  #swap(a: number, b: number): void {
    if (a === b) return;
    const times = this.#times;
    const keys = this.#keys;
    [times[a], times[b]] = [times[b] as number, times[a] as number];
    [keys[a], keys[b]] = [keys[b] as string, keys[a] as string];
    this.#positions.set(keys[a] as string, a);
    this.#positions.set(keys[b] as string, b);
  }

  #up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((this.#times[parent] as number) <= (this.#times[index] as number)) return;
      this.#swap(parent, index);
      index = parent;
    }
  }

  #down(index: number): void {
    const length = this.#keys.length;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < length && (this.#times[left] as number) < (this.#times[smallest] as number)) smallest = left;
      if (right < length && (this.#times[right] as number) < (this.#times[smallest] as number)) smallest = right;
      if (smallest === index) return;
      this.#swap(smallest, index);
      index = smallest;
    }
  }
}
