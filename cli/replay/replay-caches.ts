import type { MemoryCustomerTable } from '../../adapters/local/memory-customer-table.ts';
import type { CustomerState } from '../../core/customer/state.ts';
import { VersionConflictError } from '../../core/errors.ts';
import type { Pseudonymizer } from '../../core/ports/crypto.ts';
import type { CustomerStore } from '../../core/ports/store.ts';

/**
 * A map that forgets its oldest entries past `capacity` (insertion order, a `set` makes an entry newest), so it
 * stays bounded; `onEvict` sees each entry it forgets.
 */
export class BoundedMap<V> extends Map<string, V> {
  readonly #capacity: number;
  readonly #onEvict: ((key: string, value: V) => void) | undefined;
  constructor(capacity: number, onEvict?: (key: string, value: V) => void) {
    super();
    this.#capacity = capacity;
    this.#onEvict = onEvict;
  }
  override set(key: string, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > this.#capacity) {
      const [oldest, forgotten] = this.entries().next().value as [string, V];
      this.delete(oldest);
      this.#onEvict?.(oldest, forgotten);
    }
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
 * The hot tier of a replay's customers, in front of the memory table: the states of the customers used last, handed
 * out again as they are (no JSON round trip) and written to the table only when they fall out, least recently used
 * first, or at `flush`. Safe because the engine never writes to a state it is given (each round works on its own
 * draft, see core/engine/round.ts); `freeze: true` deep-freezes what it holds, so a test can prove that. Version
 * checks are the table's: a save must name the version held here (or, for a customer not held, the table's).
 */
export class WriteBackCustomerStore implements CustomerStore {
  readonly #table: MemoryCustomerTable;
  /** Each held state, and whether it changed since the table last had it. */
  readonly #states: BoundedMap<{ state: CustomerState; dirty: boolean }>;
  readonly #freeze: boolean;

  constructor(table: MemoryCustomerTable, options: { capacity?: number; freeze?: boolean } = {}) {
    this.#table = table;
    this.#states = new BoundedMap(options.capacity ?? 4096, (_pseudonym, held) => {
      if (held.dirty) table.put(held.state);
    });
    this.#freeze = options.freeze ?? false;
  }

  async load(pseudonym: string): Promise<CustomerState> {
    const held = this.#states.get(pseudonym);
    if (held) return held.state;
    return this.#keep(await this.#table.load(pseudonym), false);
  }

  async save(state: CustomerState, expectedVersion: number): Promise<CustomerState> {
    const held = this.#states.get(state.pseudonym);
    if ((held ? held.state.v : this.#table.version(state.pseudonym)) !== expectedVersion) {
      throw new VersionConflictError({ pseudonym: state.pseudonym, expectedVersion });
    }
    return this.#keep({ ...state, v: expectedVersion + 1 }, true);
  }

  async clearOutbox(pseudonym: string, expectedVersion: number): Promise<boolean> {
    const held = this.#states.get(pseudonym);
    if (!held) return this.#table.clearOutbox(pseudonym, expectedVersion);
    if (held.state.v !== expectedVersion) return false;
    this.#keep({ ...held.state, outbox: [] }, true);
    return true;
  }

  /** Writes every changed state to the table (the table then holds what a replay ended with). */
  flush(): void {
    for (const held of this.#states.values()) if (held.dirty) this.#table.put(held.state);
    for (const held of this.#states.values()) held.dirty = false;
  }

  /** How many customers are held here. */
  get held(): number {
    return this.#states.size;
  }

  #keep(state: CustomerState, dirty: boolean): CustomerState {
    this.#states.set(state.pseudonym, { state: this.#freeze ? deepFreeze(state) : state, dirty });
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
