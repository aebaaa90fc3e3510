import type { AnyStateMachine } from 'xstate';
import { type MessageSpec, type SplitTaken, TRANSACTIONAL_ONLY_VARIABLES } from '../customer/messages.ts';
import { InvalidEventPatternError, InvalidJourneyDefinitionError } from '../errors.ts';
import type { DetailType } from '../events/schemas.ts';
import { type SendWindows, sendWindowProblems } from '../policy/send-windows.ts';
import { type EventPattern, entryConditionsOf } from './conditions.ts';
import { assertDelaysResolve, collectMessageActions } from './machine-inspection.ts';

/**
 * Events that only the engine produces: inactivity detection, other journeys' entries, and a marketing consent found
 * too old to use (KR: two years) that the customer should be asked to confirm.
 */
export type InternalEventType = 'customer.inactive' | 'journey.entered' | 'consent.reconfirmation_due';
export type JourneyTrigger = DetailType | InternalEventType;

export interface EntryRules {
  /** Event types that start the journey when the customer is not in it. */
  triggers: readonly JourneyTrigger[];
  /** Minimum time between an exit and the next entry (ms). */
  reentryCooldown?: number;
  /** Maximum number of entries per customer over their lifetime. */
  maxEntries?: number;
  /** For `customer.inactive`: how long without activity makes a customer inactive (ms). */
  inactivityAfter?: number;
  /**
   * Events that end this journey by reaching its goal (cart: `order.placed`). With events arriving out of order,
   * a trigger that occurred before the customer's latest such event does not enter the journey, and such an event
   * that occurred before the journey was entered does not end it (decision 0005).
   */
  endedBy?: readonly DetailType[];
  /**
   * Entry filter: an EventBridge pattern over the trigger's detail (what goes under `"detail"` in a rule); a trigger
   * that does not match does not enter. Placed on the bus rule too when it alone decides (core/routes.ts).
   */
  filter?: EventPattern;
  /** Segment: an EventBridge pattern over the customer-facts document (core/customer/facts.ts) at the trigger. */
  segment?: EventPattern;
  /**
   * The event that ends an entry starts the next one at once when it is also a trigger (replenishment: an order closes
   * one repurchase cycle and opens the next). Default: the next trigger after the exit does.
   */
  reenterOnExit?: boolean;
}

/** What counts as this journey reaching its goal, for conversions, attribution and lift (DESIGN.md §12). */
export interface ConversionGoal {
  /** The event that reaches the goal, e.g. `order.placed`. */
  event: DetailType;
  /**
   * A conversion counts when it occurs within this long after the entry, and is attributed to the instance's last
   * message sent (or held back in a control group) within this long before it: last touch (ms).
   */
  window: number;
  /**
   * Attribute to the entry's last message within this long before the conversion (ms; default `window`): for goals
   * that are far from the entry but near the message (a repurchase months after the order, days after the reminder).
   */
  touchWindow?: number;
  /** Whether the event reaches this entry's goal, from the facts the journey kept (default: any such event). */
  matches?: (facts: Readonly<Record<string, unknown>>, event: Readonly<Record<string, unknown>>) => boolean;
}

export interface JourneyCap {
  max: number;
  /** Rolling window in ms. */
  window: number;
}

/**
 * A journey's budget across all customers (decision 0008): `daily` and `total` count its promotional messages decided
 * `send` (transactional messages are exempt, as from every cap), `perSecond` paces all its sends at delivery.
 */
export interface JourneyLimits {
  /** Promotional messages per budget day (a local day in `timeZone`). */
  daily?: number;
  /** Promotional messages over the journey's whole life; a message over it is always suppressed. */
  total?: number;
  /** Sends per second: a send over it waits for a later second (delivery pacing, never dropped). */
  perSecond?: number;
  /** A message over the daily cap is deferred to the next budget day (default) or suppressed, reason `journey_budget`. */
  onExceed?: 'defer' | 'suppress';
  /** The time zone a budget day runs in (default: the policy's `defaultTimeZone`). */
  timeZone?: string;
  /** Counter shards in the table: each takes about 1,000 writes/s (default 4). */
  shards?: number;
}

export interface JourneyDefinition {
  id: string;
  version: number;
  /** One line: the business goal. */
  goal: string;
  /** Higher wins when journeys compete for the same customer at the same moment. */
  priority: number;
  entry: EntryRules;
  messages: Readonly<Record<string, MessageSpec>>;
  /** Per-journey caps on sends (suppressed with `journey_cap`). */
  caps?: readonly JourneyCap[];
  /** The goal conversions are counted against. */
  conversion?: ConversionGoal;
  /** Caps and pacing across all customers (suppressed or deferred with `journey_budget`). */
  limits?: JourneyLimits;
  /**
   * What a pause does to customers already in the journey: `wait` (default) holds their waits and messages until it
   * resumes, `exit` ends their instances (outcome `paused`). Paused and stopped journeys admit nobody.
   */
  whilePaused?: 'wait' | 'exit';
  /** When its promotional messages may go out: open hours per channel and weekday, closed days (local time). */
  sendWindows?: SendWindows;
  /** What happens to a message that loses priority arbitration: deferred by `conflictDelay` or dropped. */
  onConflict: 'defer' | 'drop';
  machine: AnyStateMachine;
  /**
   * What an exited entry leaves for the next one: a few facts from its final context (small, never identifiers),
   * stored on the instance and given to the next entry as `input.carried` (replenishment: the order rhythm learned).
   */
  carryOver?: (context: Readonly<Record<string, unknown>>) => CarriedFacts;
}

/** Facts a journey keeps from one entry for the next: JSON numbers, strings, booleans and arrays of numbers. */
export type CarriedFacts = Record<string, string | number | boolean | null | number[]>;

/** Input every journey machine receives on entry. */
export interface JourneyInput<TTrigger = unknown> {
  /** Deterministic 0..99 per customer × journey × entry: use it for A/B splits. */
  bucket: number;
  trigger: TTrigger;
  /** What the previous entry carried over (`carryOver`), if the journey keeps anything between entries. */
  carried?: CarriedFacts;
}

/** Params of the `sendMessage` action journeys use to ask the policy layer for a message. */
export interface SendMessageParams<TMessage extends string = string> {
  message: TMessage;
  /** The A/B split that led here, recorded in the decision log. */
  split?: SplitTaken;
}

/** The action implementation journeys register under `sendMessage`; the engine reads its params, it performs nothing. */
export const sendMessage = (_: unknown, _params: SendMessageParams): void => {};

/**
 * A journey's messages and its `sendMessage` action typed with their names, as XState's `setup()` types delays and
 * guards: `{ type: 'sendMessage', params: { message: 'cartRemindr' } }` is a compile error.
 */
export function journeyMessages<const M extends Readonly<Record<string, MessageSpec>>>(messages: M) {
  return {
    messages,
    sendMessage: sendMessage as (_: unknown, params: SendMessageParams<Extract<keyof M, string>>) => void,
  };
}

/** What is wrong with one declared message, if anything. */
function messageProblem(name: string, spec: MessageSpec): string | undefined {
  const declared = spec.variables ?? [];
  const forbidden = declared.filter((variable) => TRANSACTIONAL_ONLY_VARIABLES.includes(variable));
  if (spec.category === 'promotional' && forbidden.length > 0) {
    return `promotional message "${name}" may never carry ${forbidden.join(', ')}`;
  }
  const generic = spec.profiling?.generic;
  const extra = (generic?.variables ?? []).filter((variable) => !declared.includes(variable));
  if (extra.length > 0) return `the generic version of "${name}" uses ${extra.join(', ')}, which it does not declare`;
  if (generic && generic.template === spec.template) {
    return `the generic version of "${name}" needs a template of its own`;
  }
  return undefined;
}

/**
 * Checks a journey definition at load time (and so at test time): ids, priorities, every message the machine asks
 * for is declared, no promotional message carries the PCCC, generic versions use declared variables, every delay
 * name resolves, and the entry filter and segment are valid patterns (compiled here, once). Returns the definition
 * unchanged.
 */
export function defineJourney<T extends JourneyDefinition>(definition: T): T {
  const { id } = definition;
  if (!/^[a-z][a-z0-9-]*$/.test(id))
    throw new InvalidJourneyDefinitionError({ journeyId: id, problem: 'id must be kebab-case' });
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new InvalidJourneyDefinitionError({ journeyId: id, problem: 'version must be a positive integer' });
  }
  if (definition.entry.triggers.length === 0)
    throw new InvalidJourneyDefinitionError({ journeyId: id, problem: 'needs an entry trigger' });
  if (definition.entry.triggers.includes('customer.inactive') && !definition.entry.inactivityAfter) {
    throw new InvalidJourneyDefinitionError({
      journeyId: id,
      problem: 'a customer.inactive trigger needs entry.inactivityAfter',
    });
  }
  for (const [name, spec] of Object.entries(definition.messages)) {
    const problem = messageProblem(name, spec);
    if (problem) throw new InvalidJourneyDefinitionError({ journeyId: id, problem });
  }
  for (const used of collectMessageActions(definition.machine)) {
    if (!Object.hasOwn(definition.messages, used)) {
      throw new InvalidJourneyDefinitionError({
        journeyId: id,
        problem: `asks for message "${used}" which is not declared in messages`,
      });
    }
  }
  assertDelaysResolve(id, definition.machine);
  if (definition.limits) assertLimits(id, definition.limits);
  const [windowProblem] = definition.sendWindows ? sendWindowProblems(definition.sendWindows) : [];
  if (windowProblem) throw new InvalidJourneyDefinitionError({ journeyId: id, problem: windowProblem });
  try {
    entryConditionsOf(definition.entry);
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError)) throw error;
    throw new InvalidJourneyDefinitionError({ journeyId: id, problem: error.message });
  }
  return definition;
}

const positiveInteger = (value: number | undefined) => value === undefined || (Number.isInteger(value) && value > 0);

function assertLimits(journeyId: string, limits: JourneyLimits): void {
  const problem = (text: string) => new InvalidJourneyDefinitionError({ journeyId, problem: text });
  for (const key of ['daily', 'total', 'perSecond', 'shards'] as const) {
    if (!positiveInteger(limits[key])) throw problem(`limits.${key} must be a positive integer`);
  }
  if ((limits.shards ?? 0) > 64) throw problem('limits.shards must be at most 64');
  if (limits.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: limits.timeZone });
    } catch {
      throw problem(`limits.timeZone "${limits.timeZone}" is not an IANA time zone`);
    }
  }
}
