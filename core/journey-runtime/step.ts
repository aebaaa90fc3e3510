import type { AnyMachineSnapshot, StateValue } from 'xstate';
import type { JourneyDefinition, JourneyInput, SendMessageParams } from './definition.ts';
import { resolvedSnapshot, stateReactsTo } from './state-index.ts';
import { readActions, type TimerRequest } from './xstate-actions.ts';
import { initialStep, nextStep } from './xstate-scope.ts';

/** What is persisted of a journey instance: JSON, small, enough to resolve the machine state again. */
export interface CompactSnapshot {
  value: StateValue;
  context: Record<string, unknown>;
}

export interface JourneyStep {
  snapshot: CompactSnapshot;
  /** The final state reached, which names the outcome; undefined while the journey runs. */
  outcome: string | undefined;
  commands: SendMessageParams[];
  timersToSchedule: TimerRequest[];
  timerIdsToCancel: string[];
}

export interface JourneyEvent {
  type: string;
  [field: string]: unknown;
}

function toStep(journey: JourneyDefinition, snapshot: AnyMachineSnapshot, actions: readonly unknown[]): JourneyStep {
  const read = readActions(journey.id, actions as { type: string }[]);
  const compact = { value: snapshot.value, context: snapshot.context as Record<string, unknown> };
  const outcome = snapshot.status === 'done' ? finalStateName(snapshot.value) : undefined;
  return {
    snapshot: compact,
    outcome,
    commands: read.messages,
    timersToSchedule: outcome ? [] : read.timersToSchedule,
    timerIdsToCancel: read.timerIdsToCancel,
  };
}

function finalStateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? ['done', undefined];
  return child === undefined ? key : finalStateName(child as StateValue);
}

/** Enters a journey: the machine's initial state, with the trigger and split bucket as input. */
export function startJourney(journey: JourneyDefinition, input: JourneyInput): JourneyStep {
  const [snapshot, actions] = initialStep(journey.machine, input);
  return toStep(journey, snapshot, actions);
}

/** Moves a running journey with one event; pure, performs nothing. */
export function stepJourney(journey: JourneyDefinition, from: CompactSnapshot, event: JourneyEvent): JourneyStep {
  const resolved = resolvedSnapshot(journey.machine, from);
  const [snapshot, actions] = nextStep(journey.machine, resolved, event);
  return toStep(journey, snapshot, actions);
}

/** Whether some state of the journey reacts to this event type; used to skip needless transitions. */
export function journeyHandles(journey: JourneyDefinition, eventType: string): boolean {
  return journey.machine.events.includes(eventType);
}

/** Whether the journey, resting where `from` says, could react to this event type; if not, stepping changes nothing. */
export function journeyReacts(journey: JourneyDefinition, from: CompactSnapshot, eventType: string): boolean {
  return journeyHandles(journey, eventType) && stateReactsTo(journey.machine, from.value, eventType);
}
