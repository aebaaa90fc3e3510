import type { AnyStateMachine } from 'xstate';
import { type MessageSpec, type SplitTaken, TRANSACTIONAL_ONLY_VARIABLES } from '../customer/messages.ts';
import { InvalidJourneyDefinitionError } from '../errors.ts';
import type { DetailType } from '../events/schemas.ts';
import { assertDelaysResolve, collectMessageActions } from './machine-inspection.ts';

/** Events that only the engine produces: inactivity detection and other journeys' entries. */
export type InternalEventType = 'customer.inactive' | 'journey.entered';
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
 * for is declared, no promotional message carries the PCCC, generic versions use declared variables, and every delay
 * name resolves. Returns the definition unchanged.
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
  return definition;
}
