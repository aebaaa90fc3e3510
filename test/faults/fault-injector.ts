/**
 * A generic fault injector for port objects. `wrap(port, object)` returns a Proxy that counts every call of every
 * method as `<port>.<method>` and, at the call numbers a plan names, throws an `InjectedFault`:
 * - `before`: the call never reaches the port (a request that failed on the way: nothing happened);
 * - `after`: the port did its work, then the caller sees an error (the response was lost: the conditional write
 *   succeeded, the message was queued, the e-mail went out — and the caller cannot tell).
 * Sync methods (`Clock.now`) fail synchronously, async ones reject. Property reads other than methods pass through.
 */

export type FaultPhase = 'before' | 'after';

export interface FaultSpec {
  /** `<port>.<method>`, e.g. `store.save`, `channels.email.send`. */
  method: string;
  /** 1-based: the k-th call of that method in the run. */
  call: number;
  phase: FaultPhase;
}

export const describeFault = (fault: FaultSpec) => `${fault.method}#${fault.call}:${fault.phase}`;

export class InjectedFault extends Error {
  override name = 'InjectedFault';
  readonly fault: FaultSpec;
  constructor(fault: FaultSpec) {
    super(`injected fault ${describeFault(fault)}`);
    this.fault = fault;
  }
}

/** Where a fault fired, for the report: what the run was doing at that moment. */
export interface FiredFault extends FaultSpec {
  context: string;
}

export class FaultInjector {
  /** Calls per `<port>.<method>` so far (a fault-free run gives the positions to aim at). */
  readonly calls = new Map<string, number>();
  readonly fired: FiredFault[] = [];
  readonly #plan = new Map<string, FaultSpec>();
  /** Tells what the run is doing, recorded with each fault that fires. */
  context: () => string = () => '';

  constructor(plan: readonly FaultSpec[] = []) {
    for (const fault of plan) this.#plan.set(`${fault.method}#${fault.call}`, fault);
  }

  /** Every method ever called, in first-call order. */
  get methods(): string[] {
    return [...this.calls.keys()];
  }

  /** Wraps a port object; nested port objects (e.g. a record of channel senders) are wrapped with dotted names. */
  wrap<T extends object>(port: string, target: T): T {
    const wrapped = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get: (object, property, _receiver) => {
        const value = Reflect.get(object, property, object);
        if (typeof property === 'symbol') return value;
        if (typeof value === 'function') {
          const method = value as (...args: unknown[]) => unknown;
          if (!wrapped.has(property)) wrapped.set(property, this.#method(`${port}.${property}`, method, object));
          return wrapped.get(property);
        }
        return value;
      },
    });
  }

  /** Wraps each value of a record of ports (`channels`) as `<port>.<key>`. */
  wrapEach<T extends object>(port: string, record: Partial<Record<string, T>>): Partial<Record<string, T>> {
    return Object.fromEntries(
      Object.entries(record).map(([key, value]) => [key, value ? this.wrap(`${port}.${key}`, value) : value]),
    );
  }

  #method(name: string, method: (...args: unknown[]) => unknown, self: object) {
    return (...args: unknown[]) => {
      const call = (this.calls.get(name) ?? 0) + 1;
      this.calls.set(name, call);
      const fault = this.#plan.get(`${name}#${call}`);
      if (!fault) return method.apply(self, args);
      const fire = () => {
        this.fired.push({ ...fault, context: this.context() });
        return new InjectedFault(fault);
      };
      if (fault.phase === 'before') {
        const error = fire();
        if (method.constructor.name === 'AsyncFunction') return Promise.reject(error);
        throw error;
      }
      const result = method.apply(self, args);
      if (result instanceof Promise) {
        return result.then(() => {
          throw fire();
        });
      }
      throw fire();
    };
  }
}
