import { customerFacts } from '../customer/facts.ts';
import { channelsFor } from '../customer/messages.ts';
import { messageIdOf } from '../customer/request.ts';
import type { EntryRefusal, JourneyInstance } from '../customer/state.ts';
import { bucketOf } from '../hash.ts';
import { entryConditionsOf, withFacts } from '../journey-runtime/conditions.ts';
import type { JourneyDefinition } from '../journey-runtime/definition.ts';
import {
  type JourneyEvent,
  type JourneyStep,
  journeyReacts,
  startJourney,
  stepJourney,
} from '../journey-runtime/step.ts';
import { canonicalIso, toIso, toMs } from '../time.ts';
import { modeOf } from './lifecycle.ts';
import type { Round } from './round.ts';

export interface Trigger {
  type: string;
  eventId?: string;
}

function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  return Object.entries(value as Record<string, unknown>)
    .map(([key, child]) => `${key}.${statePath(child)}`)
    .join(',');
}

function journeyTimerId(journeyId: string, sendId: string): string {
  return `${journeyId}/${sendId}`;
}

function pickVariables(context: Record<string, unknown>, keys: readonly string[] = []) {
  const variables: Record<string, string | number | boolean | null> = {};
  for (const key of keys) {
    const value = context[key];
    variables[key] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  }
  return variables;
}

/** Applies one journey step to the round: snapshot, timers, message requests, exit. */
export function applyStep(
  round: Round,
  definition: JourneyDefinition,
  instance: JourneyInstance,
  step: JourneyStep,
  trigger: Trigger,
): void {
  const { draft, ctx } = round;
  instance.snapshot = step.snapshot;
  if (step.timerIdsToCancel.length > 0) {
    const cancelled = new Set(step.timerIdsToCancel.map((id) => journeyTimerId(definition.id, id)));
    round.removeTimers((timer) => timer.kind === 'journey' && cancelled.has(timer.id));
  }
  for (const timer of step.timersToSchedule) {
    round.setTimer({
      kind: 'journey',
      id: journeyTimerId(definition.id, timer.id),
      fireAt: toIso(ctx.now + timer.delay),
      journeyId: definition.id,
      entry: instance.entries,
      ...(timer.event === timer.id ? {} : { event: timer.event }),
    });
  }
  for (const command of step.commands) {
    const spec = definition.messages[command.message];
    if (!spec) throw new TypeError(`Journey ${definition.id} asked for undeclared message ${command.message}`);
    instance.asked += 1;
    const variables = pickVariables(step.snapshot.context, spec.variables);
    const missing = (spec.required ?? []).filter((name) => variables[name] === null || variables[name] === '');
    round.requests.push({
      messageId: messageIdOf(definition.id, draft.pseudonym, instance, command.message, instance.asked, draft.erasedAt),
      journeyId: definition.id,
      version: instance.version,
      entry: instance.entries,
      priority: definition.priority,
      onConflict: definition.onConflict,
      message: command.message,
      channels: channelsFor(spec.channels, draft.country),
      template: spec.template,
      category: spec.category,
      variables,
      ...(missing.length > 0 ? { missingVariables: missing } : {}),
      ...(spec.profiling ? { profiling: spec.profiling } : {}),
      statePath: statePath(step.snapshot.value),
      ...(command.split ? { split: command.split } : {}),
      trigger,
      askedAt: round.nowIso,
    });
  }
  if (step.outcome) {
    if (definition.carryOver) instance.carried = definition.carryOver(step.snapshot.context);
    exitJourney(round, definition.id, instance, step.outcome);
  }
}

export function exitJourney(round: Round, journeyId: string, given: JourneyInstance, outcome: string): void {
  const instance = round.ownJourney(journeyId) ?? given;
  instance.status = 'exited';
  instance.outcome = outcome;
  instance.snapshot = { value: outcome, context: {} };
  instance.exitedAt = round.nowIso;
  round.removeTimers((timer) => timer.kind === 'journey' && timer.journeyId === journeyId);
  round.journeyChanged({ journeyId, version: instance.version, entry: instance.entries, change: 'exited', outcome });
}

/**
 * Ends the instances of stopped journeys (outcome `stopped`) and of paused ones whose customers exit (`paused`). It
 * runs at the start of each of the customer's rounds: a customer learns of it at their next event or timer.
 */
export function endHaltedJourneys(round: Round): void {
  if (!round.ctx.lifecycle) return;
  for (const [journeyId, instance] of Object.entries(round.draft.journeys)) {
    if (instance.status !== 'active') continue;
    const mode = modeOf(round.ctx, journeyId);
    if (mode === 'end-stopped') exitJourney(round, journeyId, instance, 'stopped');
    else if (mode === 'end-paused') exitJourney(round, journeyId, instance, 'paused');
  }
}

/** When an inbound event occurred (internal events and timers have no time of their own). */
const occurredAtOf = (event: JourneyEvent): string | undefined =>
  typeof event.occurredAt === 'string' ? canonicalIso(event.occurredAt) : undefined;

/**
 * A trigger that occurred before the customer's latest event ending this journey, or at the same instant, arrived late:
 * it is stale. On a tie the goal wins whatever the arrival order, as it does when the trigger arrives first (a goal
 * event that did not occur before the entry ends the journey).
 */
function staleTrigger(round: Round, definition: JourneyDefinition, event: JourneyEvent): boolean {
  const occurred = occurredAtOf(event);
  if (!occurred) return false;
  return (definition.entry.endedBy ?? []).some((type) => {
    const last = round.draft.lastAt?.[type];
    return last !== undefined && occurred <= last;
  });
}

function mayEnter(
  round: Round,
  definition: JourneyDefinition,
  previous: JourneyInstance | undefined,
  event: JourneyEvent,
): boolean {
  if (round.draft.closedAt || staleTrigger(round, definition, event)) return false;
  if (modeOf(round.ctx, definition.id) !== 'run') return false;
  if (!previous) return true;
  const { maxEntries, reentryCooldown } = definition.entry;
  if (maxEntries !== undefined && previous.entries >= maxEntries) return false;
  if (reentryCooldown !== undefined && previous.exitedAt) {
    return round.ctx.now - toMs(previous.exitedAt) >= reentryCooldown;
  }
  return true;
}

let lastOffered: { round: Round; event: JourneyEvent; offered: JourneyEvent } | undefined;

/**
 * The event as a journey machine gets it: with the customer's facts for segment splits (`customerMatches`), derived
 * when asked. Made once per round and event: every journey offered it gets the same.
 */
function offered(round: Round, event: JourneyEvent): JourneyEvent {
  if (lastOffered?.round !== round || lastOffered.event !== event) {
    lastOffered = { round, event, offered: withFacts(event, () => customerFacts(round.draft, round.ctx.now)) };
  }
  return lastOffered.offered;
}

/**
 * Whether the trigger passes the journey's entry filter and segment; a refusal is remembered (the latest per journey)
 * so `npm run why` can tell why the customer did not enter.
 */
function meetsEntryConditions(round: Round, definition: JourneyDefinition, event: JourneyEvent, trigger: Trigger) {
  const { filter, segment } = entryConditionsOf(definition.entry);
  let failed: EntryRefusal['condition'] | undefined;
  if (filter && !filter.matches(event)) failed = 'filter';
  else if (segment && !segment.matches(customerFacts(round.draft, round.ctx.now))) failed = 'segment';
  const { draft } = round;
  if (failed) {
    const refusal = {
      at: round.nowIso,
      trigger: trigger.type,
      ...(trigger.eventId ? { eventId: trigger.eventId } : {}),
    };
    draft.entryRefusals = { ...draft.entryRefusals, [definition.id]: { ...refusal, condition: failed } };
  } else if (draft.entryRefusals?.[definition.id]) {
    const { [definition.id]: _cleared, ...others } = draft.entryRefusals;
    if (Object.keys(others).length > 0) draft.entryRefusals = others;
    else delete draft.entryRefusals;
  }
  return failed === undefined;
}

function enterJourney(round: Round, definition: JourneyDefinition, event: JourneyEvent, trigger: Trigger): void {
  const previous = round.draft.journeys[definition.id];
  const entries = (previous?.entries ?? 0) + 1;
  const bucket = bucketOf(`${round.draft.pseudonym}:${definition.id}:${entries}`, 100);
  const carried = previous?.carried;
  const step = startJourney(definition, { bucket, trigger: offered(round, event), ...(carried ? { carried } : {}) });
  const since = occurredAtOf(event);
  const instance: JourneyInstance = {
    version: definition.version,
    snapshot: step.snapshot,
    enteredAt: round.nowIso,
    ...(since ? { since } : {}),
    entries,
    asked: 0,
    status: 'active',
  };
  round.setJourney(definition.id, instance);
  round.journeyChanged({ journeyId: definition.id, version: definition.version, entry: entries, change: 'entered' });
  applyStep(round, definition, instance, step, trigger);
}

/** A goal event that occurred before the journey was entered (it arrived late) does not end it. */
function endedBeforeEntry(definition: JourneyDefinition, instance: JourneyInstance, event: JourneyEvent): boolean {
  const occurred = occurredAtOf(event);
  if (!occurred || !instance.since || !(definition.entry.endedBy ?? []).includes(event.type as never)) return false;
  return occurred < instance.since;
}

/** Moves one running instance with an event, if its definition reacts to that event type. */
export function stepInstance(round: Round, journeyId: string, event: JourneyEvent, trigger: Trigger): void {
  const instance = round.draft.journeys[journeyId];
  if (instance?.status !== 'active') return;
  const { definition, snapshot } = round.ctx.registry.resolve(journeyId, instance.version, instance.snapshot);
  if (!journeyReacts(definition, snapshot, event.type) || endedBeforeEntry(definition, instance, event)) return;
  const own = round.ownJourney(journeyId) ?? instance;
  own.snapshot = snapshot;
  applyStep(round, definition, own, stepJourney(definition, snapshot, offered(round, event)), trigger);
}

/** Whether the event just ended this journey's entry and starts the next one (`entry.reenterOnExit`). */
function reentersNow(round: Round, definition: JourneyDefinition, event: JourneyEvent): boolean {
  const instance = round.draft.journeys[definition.id];
  return (
    definition.entry.reenterOnExit === true &&
    instance?.status === 'exited' &&
    definition.entry.triggers.includes(event.type as never) &&
    mayEnter(round, definition, instance, event)
  );
}

/** Offers an event to every journey, highest priority first: running ones step, idle ones may be entered. */
export function feedJourneys(round: Round, event: JourneyEvent, trigger: Trigger): void {
  const entered: string[] = [];
  for (const definition of round.ctx.registry.current()) {
    const instance = round.draft.journeys[definition.id];
    if (instance?.status === 'active') {
      stepInstance(round, definition.id, event, trigger);
      if (reentersNow(round, definition, event)) {
        enterJourney(round, definition, event, trigger);
        entered.push(definition.id);
      }
    } else if (
      definition.entry.triggers.includes(event.type as never) &&
      mayEnter(round, definition, instance, event) &&
      meetsEntryConditions(round, definition, event, trigger)
    ) {
      enterJourney(round, definition, event, trigger);
      entered.push(definition.id);
    }
  }
  for (const journeyId of entered) {
    const announcement = { type: 'journey.entered', journeyId };
    for (const other of round.ctx.registry.current()) {
      if (other.id !== journeyId) stepInstance(round, other.id, announcement, { type: 'journey.entered' });
    }
  }
}
