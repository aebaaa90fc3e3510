import type { AnyStateMachine } from 'xstate';
import type { MessageSpec, SplitTaken } from '../customer/messages.ts';
import { InvalidJourneyDefinitionError } from '../errors.ts';
import type { DetailType } from '../events/schemas.ts';
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
}

/** Input every journey machine receives on entry. */
export interface JourneyInput<TTrigger = unknown> {
  /** Deterministic 0..99 per customer × journey × entry: use it for A/B splits. */
  bucket: number;
  trigger: TTrigger;
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

/**
 * Checks a journey definition at load time (and so at test time): ids, priorities, every message the machine asks
 * for is declared, and every delay name resolves. Returns the definition unchanged.
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
