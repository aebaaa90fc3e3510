import type { CustomerState } from '../../core/customer/state.ts';
import type { Pseudonymizer } from '../../core/ports/crypto.ts';
import type { CustomerStore } from '../../core/ports/store.ts';

/** A map that forgets its oldest entries past `capacity` (insertion order), so it stays bounded. */
export class BoundedMap<V> extends Map<string, V> {
  readonly #capacity: number;
  constructor(capacity: number) {
    super();
    this.#capacity = capacity;
  }
  override set(key: string, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > this.#capacity) this.delete(this.keys().next().value as string);
    return this;
  }
}

/** Recursively freezes an object graph: any later write to it throws (strict mode), as a test of "nothing mutates". */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A read cache in front of a customer store for a replay, where every write goes through it: the states most
 * recently saved (or loaded) are handed out again as they are instead of being parsed back from the table's JSON on
 * every load. Safe because the engine never writes to a state it is given (each round works on its own draft, see
 * core/engine/round.ts); `freeze: true` deep-freezes what it holds, so a test can prove that. Bounded: the least
 * recently stored customers fall out and are loaded from the table again.
 */
export class CachedCustomerStore implements CustomerStore {
  readonly #table: CustomerStore;
  readonly #states: BoundedMap<CustomerState>;
  readonly #freeze: boolean;

  constructor(table: CustomerStore, options: { capacity?: number; freeze?: boolean } = {}) {
    this.#table = table;
    this.#states = new BoundedMap(options.capacity ?? 4096);
    this.#freeze = options.freeze ?? false;
  }

  async load(pseudonym: string): Promise<CustomerState> {
    const cached = this.#states.get(pseudonym);
    if (cached) return cached;
    return this.#keep(await this.#table.load(pseudonym));
  }

  async save(state: CustomerState, expectedVersion: number): Promise<CustomerState> {
    try {
      return this.#keep(await this.#table.save(state, expectedVersion));
    } catch (error) {
      this.#states.delete(state.pseudonym);
      throw error;
    }
  }

  async clearOutbox(pseudonym: string, expectedVersion: number): Promise<boolean> {
    const cleared = await this.#table.clearOutbox(pseudonym, expectedVersion);
    const cached = this.#states.get(pseudonym);
    if (cleared && cached?.v === expectedVersion) this.#keep({ ...cached, outbox: [] });
    else this.#states.delete(pseudonym);
    return cleared;
  }

  #keep(state: CustomerState): CustomerState {
    this.#states.set(state.pseudonym, this.#freeze ? deepFreeze(state) : state);
    return state;
  }
}

/** Remembers the pseudonyms of the customers seen last (a replay asks twice per event: to schedule and to ingest). */
export class CachedPseudonymizer implements Pseudonymizer {
  readonly #inner: Pseudonymizer;
  readonly #pseudonyms = new BoundedMap<string>(4096);

  constructor(inner: Pseudonymizer) {
    this.#inner = inner;
  }

  async pseudonymOf(customerId: string): Promise<string> {
    const cached = this.#pseudonyms.get(customerId);
    if (cached !== undefined) return cached;
    const pseudonym = await this.#inner.pseudonymOf(customerId);
    this.#pseudonyms.set(customerId, pseudonym);
    return pseudonym;
  }
}
