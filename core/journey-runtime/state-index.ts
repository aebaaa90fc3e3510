import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';

/**
 * What the engine needs about each state a journey rests in, derived once from the machine definition (pinned to
 * XState 5.33): the snapshot `machine.resolveState` builds for it, and the event types it can react to. Resolving a
 * state value was a tenth of the engine's time and allocations; most events reach journeys whose state ignores them.
 */
interface NodeLike {
  transitions: Map<string, unknown[]>;
  always?: unknown[];
}

interface RestingState {
  /** `machine.resolveState({ value, context: {} })`: the same for every context but the context itself. */
  resolved: AnyMachineSnapshot;
  /** Event types some node of the state's configuration (the state and its ancestors) has transitions for. */
  handled: ReadonlySet<string>;
  /** An eventless transition (run after any event) or a wildcard (`*`, `order.*`) could take any event. */
  reactsToAny: boolean;
}

const index = new WeakMap<AnyStateMachine, Map<string, RestingState>>();

const keyOf = (value: StateValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

function restingState(machine: AnyStateMachine, value: StateValue): RestingState {
  let states = index.get(machine);
  if (!states) {
    states = new Map();
    index.set(machine, states);
  }
  const key = keyOf(value);
  const known = states.get(key);
  if (known) return known;
  const resolved = machine.resolveState({ value, context: {} }) as AnyMachineSnapshot;
  const handled = new Set<string>();
  let reactsToAny = false;
  for (const node of resolved._nodes as unknown as NodeLike[]) {
    if ((node.always?.length ?? 0) > 0) reactsToAny = true;
    for (const descriptor of node.transitions.keys()) {
      if (descriptor === '*' || descriptor.endsWith('.*')) reactsToAny = true;
      handled.add(descriptor);
    }
  }
  const state = { resolved, handled, reactsToAny };
  states.set(key, state);
  return state;
}

/** `machine.resolveState({ value, context })`, built from the state's resolved snapshot instead of anew. */
export function resolvedSnapshot(
  machine: AnyStateMachine,
  from: { value: StateValue; context: Record<string, unknown> },
): AnyMachineSnapshot {
  const { resolved } = restingState(machine, from.value);
  return { ...resolved, context: from.context || {}, children: {} };
}

/**
 * Whether a machine resting in `value` could do anything with an event of this type: when not, transitioning
 * leaves the value and context as they are and performs no action, so the engine skips it. XState's own events
 * other than delays (`xstate.error.*`, `xstate.stop`) always count as handled: they change the status.
 */
export function stateReactsTo(machine: AnyStateMachine, value: StateValue, eventType: string): boolean {
  if (eventType.startsWith('xstate.') && !eventType.startsWith('xstate.after.')) return true;
  const state = restingState(machine, value);
  return state.reactsToAny || state.handled.has(eventType);
}
