import { CUSTOMER_FACT_FIELDS, type CustomerFacts, type FactFields } from '../customer/facts.ts';
import { InvalidEventPatternError } from '../errors.ts';
import { type CompiledPattern, compilePattern } from '../patterns/compile-pattern.ts';
import { isJsonObject } from '../patterns/pattern-path.ts';

/** An EventBridge event pattern, as a parsed JSON object (docs/patterns.md). */
export type EventPattern = Readonly<Record<string, unknown>>;

/**
 * Detail fields a journey never sees (the engine removes the identifier and seals the contact before journeys run),
 * and `type`, which is the detail-type rather than a detail field: an entry filter naming them could never behave
 * the same on the bus rule and in the engine.
 */
const FIELDS_JOURNEYS_NEVER_SEE: readonly string[] = ['customerId', 'contact', 'type'];

const FACTS = Symbol('customerFacts');

/** A guard's view of its arguments: the event that moved the journey (XState passes more; only the event is read). */
interface GuardArgs {
  event: object;
}

function rejected(path: string, reason: string): never {
  throw new InvalidEventPatternError({ path, reason });
}

/** Field names a pattern object names at its top level, including inside `$or` alternatives. */
function namedFields(pattern: EventPattern, found: string[] = []): string[] {
  for (const [key, value] of Object.entries(pattern)) {
    if (key !== '$or') found.push(key);
    else if (Array.isArray(value))
      for (const alternative of value) if (isJsonObject(alternative)) namedFields(alternative, found);
  }
  return found;
}

function nonEmpty(pattern: EventPattern): void {
  if (isJsonObject(pattern) && Object.keys(pattern).length === 0) {
    rejected('', 'an empty pattern matches everything: leave the condition out instead');
  }
}

/**
 * Compiles an entry filter or attribute split: a pattern over the event's detail, what goes under `"detail"` in an
 * EventBridge rule. Throws `InvalidEventPatternError` with the reason, as `PutRule` would, and for fields the engine
 * never shows journeys.
 */
export function compileEventCondition(pattern: EventPattern): CompiledPattern {
  nonEmpty(pattern);
  const compiled = compilePattern(pattern);
  for (const field of namedFields(pattern)) {
    if (FIELDS_JOURNEYS_NEVER_SEE.includes(field)) {
      rejected(field, `journeys never see "${field}": filter on payload fields (detail-types are entry.triggers)`);
    }
  }
  return compiled;
}

function checkFactFields(pattern: Readonly<Record<string, unknown>>, fields: FactFields, path: string): void {
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or') {
      if (Array.isArray(value))
        for (const alternative of value) if (isJsonObject(alternative)) checkFactFields(alternative, fields, path);
      continue;
    }
    const keyPath = path ? `${path}.${key}` : key;
    const known = fields[key];
    if (known === undefined) {
      rejected(keyPath, `no such customer fact; known: ${Object.keys(fields).join(', ')}`);
    }
    if (isJsonObject(value)) {
      if (known === true) rejected(keyPath, 'this customer fact is a value, not an object');
      checkFactFields(value, known, keyPath);
    } else if (known !== true) {
      rejected(keyPath, `this customer fact is an object with ${Object.keys(known).join(', ')}`);
    }
  }
}

/** Compiles a segment: a pattern over the customer-facts document; names outside the document are rejected. */
export function compileSegment(pattern: EventPattern): CompiledPattern {
  nonEmpty(pattern);
  const compiled = compilePattern(pattern);
  checkFactFields(pattern, CUSTOMER_FACT_FIELDS, '');
  return compiled;
}

/**
 * The event as the engine offers it to a journey machine: the same fields, plus (hidden from JSON, spreads and
 * keys) the customer's facts, derived when a guard asks for them, as they are at that moment.
 */
export function withFacts<T extends object>(event: T, facts: () => CustomerFacts): T {
  const offered = { ...event };
  Object.defineProperty(offered, FACTS, { value: facts, enumerable: false });
  return offered;
}

/** The facts the engine attached to an event, or to the trigger of an entry (`xstate.init` with input). */
export function factsOf(event: object): CustomerFacts | undefined {
  const direct = (event as { [FACTS]?: () => CustomerFacts })[FACTS];
  if (direct) return direct();
  const trigger = (event as { input?: { trigger?: object } }).input?.trigger;
  return trigger ? factsOf(trigger) : undefined;
}

/**
 * An XState guard for an attribute split: holds when the event's detail matches the pattern. The pattern is
 * compiled here, once, so an invalid one fails when the journey file loads.
 */
export function eventMatches(pattern: EventPattern): (args: GuardArgs) => boolean {
  const compiled = compileEventCondition(pattern);
  return ({ event }) => compiled.matches(event);
}

/**
 * An XState guard for a segment split: holds when the customer's facts (at the moment the guard runs) match the
 * pattern. Outside the engine (no facts attached) it never holds.
 */
export function customerMatches(pattern: EventPattern): (args: GuardArgs) => boolean {
  const compiled = compileSegment(pattern);
  return ({ event }) => {
    const facts = factsOf(event);
    return facts !== undefined && compiled.matches(facts);
  };
}

/** The entry conditions of a journey, compiled. */
export interface CompiledEntry {
  filter?: CompiledPattern;
  segment?: CompiledPattern;
}

function labelled(where: string, compile: () => CompiledPattern): CompiledPattern {
  try {
    return compile();
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError)) throw error;
    throw new InvalidEventPatternError({
      path: error.path ? `${where}.${error.path}` : where,
      reason: error.reason,
      cause: error,
    });
  }
}

const compiledEntries = new WeakMap<object, CompiledEntry>();

/**
 * The compiled `entry.filter` and `entry.segment` of a journey's entry rules, compiled on first use (by
 * `defineJourney`, at load) and kept for the life of the definition.
 */
export function entryConditionsOf(entry: { filter?: EventPattern; segment?: EventPattern }): CompiledEntry {
  let compiled = compiledEntries.get(entry);
  if (!compiled) {
    compiled = {
      ...(entry.filter ? { filter: labelled('entry.filter', () => compileEventCondition(entry.filter ?? {})) } : {}),
      ...(entry.segment ? { segment: labelled('entry.segment', () => compileSegment(entry.segment ?? {})) } : {}),
    };
    compiledEntries.set(entry, compiled);
  }
  return compiled;
}
