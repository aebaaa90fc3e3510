import { describe, expect, it } from 'vitest';
import { FaultInjector, InjectedFault } from './fault-injector.ts';
import { faultPlans } from './fault-runs.ts';

class Counter {
  #value = 0;
  async add(by: number): Promise<number> {
    this.#value += by;
    return this.#value;
  }
  now(): number {
    return this.#value;
  }
  get value(): number {
    return this.#value;
  }
}

describe('fault injector', () => {
  it('counts every call per port method and passes calls through to the object (private fields included)', async () => {
    const injector = new FaultInjector();
    const counter = injector.wrap('counter', new Counter());
    expect(await counter.add(2)).toBe(2);
    expect(await counter.add(3)).toBe(5);
    expect(counter.now()).toBe(5);
    expect(counter.value).toBe(5);
    expect(Object.fromEntries(injector.calls)).toEqual({ 'counter.add': 2, 'counter.now': 1 });
  });

  it('fails the k-th call before its effect: nothing happened', async () => {
    const injector = new FaultInjector([{ method: 'counter.add', call: 2, phase: 'before' }]);
    const target = new Counter();
    const counter = injector.wrap('counter', target);
    await counter.add(1);
    await expect(counter.add(10)).rejects.toBeInstanceOf(InjectedFault);
    expect(target.value).toBe(1);
    expect(await counter.add(1)).toBe(2);
  });

  it('fails the k-th call after its effect: it happened, the caller cannot tell', async () => {
    const injector = new FaultInjector([{ method: 'counter.add', call: 1, phase: 'after' }]);
    injector.context = () => 'while testing';
    const target = new Counter();
    await expect(injector.wrap('counter', target).add(7)).rejects.toThrow('injected fault counter.add#1:after');
    expect(target.value).toBe(7);
    expect(injector.fired).toEqual([{ method: 'counter.add', call: 1, phase: 'after', context: 'while testing' }]);
  });

  it('fails a sync method synchronously', () => {
    const injector = new FaultInjector([{ method: 'clock.now', call: 1, phase: 'before' }]);
    expect(() => injector.wrap('clock', new Counter()).now()).toThrow(InjectedFault);
  });

  it('names each port of a record by its key', async () => {
    const injector = new FaultInjector([{ method: 'channels.sms.add', call: 1, phase: 'before' }]);
    const channels = injector.wrapEach('channels', { email: new Counter(), sms: new Counter() });
    await channels.email?.add(1);
    await expect(channels.sms?.add(1)).rejects.toBeInstanceOf(InjectedFault);
    expect([...injector.calls.keys()]).toEqual(['channels.email.add', 'channels.sms.add']);
  });
});

describe('fault plans', () => {
  it('aims at the first, the last and spread positions of every method, before and after', () => {
    const plans = faultPlans(
      new Map([
        ['store.save', 1000],
        ['sink.write', 2],
      ]),
      4,
    );
    const saves = plans.filter((plan) => plan[0]?.method === 'store.save').map((plan) => plan[0]?.call);
    expect(new Set(saves).size).toBe(4);
    expect(saves).toContain(1);
    expect(saves).toContain(1000);
    expect(plans.filter((plan) => plan[0]?.method === 'sink.write')).toHaveLength(4);
    expect(plans.every((plan) => plan.length === 1)).toBe(true);
  });

  it('reaches a method only called on a failure path through the failure that leads there', () => {
    const plans = faultPlans(new Map([['channels.email.send', 10]]), 2);
    expect(plans.filter((plan) => plan.length === 2)).toContainEqual([
      { method: 'channels.email.send', call: 1, phase: 'before' },
      { method: 'ledger.release', call: 1, phase: 'after' },
    ]);
  });
});
