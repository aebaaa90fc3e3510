import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, type AnyStateMachine, assign, type StateValue, setup } from 'xstate';
import { DETAIL_TYPES } from '../../../core/events/schemas.ts';
import { resolvedSnapshot, stateReactsTo } from '../../../core/journey-runtime/state-index.ts';
import { nextStep } from '../../../core/journey-runtime/xstate-scope.ts';
import { candidateDefinitions, journeyDefinitions } from '../../../journeys/index.ts';

interface NodeLike {
  key: string;
  type: string;
  states: Record<string, NodeLike>;
  transitions: Map<string, unknown>;
}

/** Every value a compound or parallel node can rest in while the machine runs (final and history states excluded). */
function restingValues(node: NodeLike): StateValue[] {
  if (node.type === 'parallel') {
    let combined: Record<string, StateValue>[] = [{}];
    for (const region of Object.values(node.states)) {
      const inRegion = restingValues(region);
      combined = combined.flatMap((partial) => inRegion.map((value) => ({ ...partial, [region.key]: value })));
    }
    return combined;
  }
  return Object.values(node.states)
    .filter((child) => child.type !== 'final' && child.type !== 'history')
    .flatMap((child): StateValue[] =>
      child.type === 'atomic' ? [child.key] : restingValues(child).map((value) => ({ [child.key]: value })),
    );
}

function allNodes(node: NodeLike): NodeLike[] {
  return [node, ...Object.values(node.states).flatMap(allNodes)];
}

/** Every event type any of the machines names, every detail-type, the engine's own events and some strangers. */
function eventTypes(machines: readonly AnyStateMachine[]): string[] {
  const named = machines.flatMap((machine) =>
    allNodes(machine.root as unknown as NodeLike).flatMap((node) => [...node.transitions.keys()]),
  );
  const internal = ['customer.inactive', 'journey.entered', 'consent.reconfirmation_due', 'xstate.after.1000.x.y'];
  const strangers = ['order', 'order.placed.late', 'cart', 'unknown.type'];
  return [...new Set([...named, ...DETAIL_TYPES, ...internal, ...strangers])].filter((type) => !type.includes('*'));
}

/** The engine's resting snapshot as XState itself resolves it. */
const resolve = (machine: AnyStateMachine, value: StateValue, context: Record<string, unknown>) =>
  machine.resolveState({ value, context }) as AnyMachineSnapshot;

/** Asserts, for every resting state and event type the index says is ignored, that XState changes nothing. */
function expectSkipsAreNoOps(
  machine: AnyStateMachine,
  types: readonly string[],
  context: Record<string, unknown>,
  payload: Record<string, unknown> = {},
) {
  let skipped = 0;
  for (const value of restingValues(machine.root as unknown as NodeLike)) {
    for (const type of types) {
      if (stateReactsTo(machine, value, type)) continue;
      skipped += 1;
      const before = resolve(machine, value, context);
      const [after, actions] = nextStep(machine, before, { ...payload, type });
      expect({ value: after.value, status: after.status, actions }).toEqual({
        value: before.value,
        status: before.status,
        actions: [],
      });
      expect(after.context).toBe(before.context);
    }
  }
  return skipped;
}

/** Machines using what the house journeys do not: wildcards, event-dependent eventless transitions, nesting, regions. */
const unusual = setup({
  types: {} as { context: { seen: number }; events: { type: string; total?: number } },
  actions: { count: assign(({ context }) => ({ seen: context.seen + 1 })) },
  guards: { bigOrder: ({ event }) => (event.total ?? 0) > 100 },
}).createMachine({
  id: 'unusual',
  context: { seen: 0 },
  initial: 'shopping',
  states: {
    shopping: {
      initial: 'browsing',
      on: { 'order.placed': '.ordered' },
      states: {
        browsing: { on: { 'cart.*': 'carted' } },
        carted: { on: { '*': { actions: 'count' } } },
        ordered: { always: [{ guard: 'bigOrder', target: '#unusual.vip' }] },
      },
    },
    vip: {
      type: 'parallel',
      states: {
        mail: { initial: 'quiet', states: { quiet: { on: { 'message.opened': 'engaged' } }, engaged: {} } },
        orders: { initial: 'one', states: { one: { on: { 'order.placed': 'two' } }, two: { type: 'final' } } },
      },
    },
  },
});

describe('state index', () => {
  const machines = [...journeyDefinitions, ...candidateDefinitions].map((journey) => journey.machine);
  const types = eventTypes([...machines, unusual]);

  it('skips only events that leave every house journey state as it was, with no action', () => {
    let skipped = 0;
    for (const machine of machines) skipped += expectSkipsAreNoOps(machine, types, { productId: 'p1', views: 1 });
    expect(skipped).toBeGreaterThan(100);
  });

  it('skips only no-ops in nested, parallel, wildcard and eventless states, whatever the context', () => {
    fc.assert(
      fc.property(fc.record({ seen: fc.integer() }), fc.integer({ min: 0, max: 200 }), (context, total) => {
        expectSkipsAreNoOps(unusual, types, context, { total });
      }),
      { numRuns: 20 },
    );
  });

  it('counts wildcards and eventless transitions as reacting to anything', () => {
    expect(stateReactsTo(unusual, { shopping: 'carted' }, 'anything.at.all')).toBe(true);
    expect(stateReactsTo(unusual, { shopping: 'browsing' }, 'cart.item_added')).toBe(true);
    expect(stateReactsTo(unusual, { shopping: 'ordered' }, 'product.viewed')).toBe(true);
    expect(stateReactsTo(unusual, { vip: { mail: 'engaged', orders: 'one' } }, 'product.viewed')).toBe(false);
    expect(stateReactsTo(unusual, { vip: { mail: 'quiet', orders: 'one' } }, 'message.opened')).toBe(true);
    expect(stateReactsTo(unusual, { vip: { mail: 'engaged', orders: 'one' } }, 'message.opened')).toBe(false);
  });

  it('never skips the events XState itself reacts to by changing status', () => {
    expect(stateReactsTo(unusual, { shopping: 'browsing' }, 'xstate.error.actor.x')).toBe(true);
    expect(stateReactsTo(unusual, { shopping: 'browsing' }, 'xstate.stop')).toBe(true);
  });

  it('resolves a resting state exactly as machine.resolveState does', () => {
    for (const machine of [...machines, unusual]) {
      for (const value of restingValues(machine.root as unknown as NodeLike)) {
        const context = { any: 'facts', n: 1 };
        const ours = resolvedSnapshot(machine, { value, context });
        const theirs = resolve(machine, value, context);
        expect(ours).toEqual(theirs);
        expect(ours.context).toBe(context);
        expect(Object.keys(ours)).toEqual(Object.keys(theirs));
      }
    }
  });

  it('gives every snapshot a children record of its own', () => {
    const [first, second] = [1, 2].map((n) =>
      resolvedSnapshot(unusual, { value: { shopping: 'browsing' }, context: { seen: n } }),
    );
    expect(first?.children).not.toBe(second?.children);
  });
});
