import { type ActorScope, type AnyMachineSnapshot, type AnyStateMachine, createActor, type EventObject } from 'xstate';

/**
 * One inert actor scope per machine, reused for every transition (pinned to XState 5.33). XState's own pure
 * `transition()` builds a throwaway actor per call, and that actor's constructor computes an initial snapshot with
 * no input — a fifth of the engine's time. Here the actor is built once, restored from a resolved snapshot so no
 * context factory runs without input, and each call collects the actions it would execute.
 */
interface Scope {
  scope: ActorScope<AnyMachineSnapshot, EventObject>;
  actions: unknown[];
}

const scopes = new WeakMap<AnyStateMachine, Scope>();

function scopeOf(machine: AnyStateMachine): Scope {
  const cached = scopes.get(machine);
  if (cached) return cached;
  const initial = machine.resolveState({ value: machine.config.initial as string, context: {} });
  const self = createActor(machine, { snapshot: initial });
  const state: Scope = { actions: [], scope: undefined as never };
  state.scope = {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (action: unknown) => void state.actions.push(action),
  } as unknown as ActorScope<AnyMachineSnapshot, EventObject>;
  scopes.set(machine, state);
  return state;
}

/** `initialTransition(machine, input)`, on the machine's reusable scope. */
export function initialStep(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, unknown[]] {
  const state = scopeOf(machine);
  state.actions = [];
  const snapshot = machine.getInitialSnapshot(state.scope, input) as AnyMachineSnapshot;
  return [snapshot, state.actions];
}

/** `transition(machine, snapshot, event)`, on the machine's reusable scope. */
export function nextStep(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, unknown[]] {
  const state = scopeOf(machine);
  state.actions = [];
  (state.scope.self as unknown as { _snapshot: AnyMachineSnapshot })._snapshot = snapshot;
  const next = machine.transition(snapshot, event, state.scope) as AnyMachineSnapshot;
  return [next, state.actions];
}
