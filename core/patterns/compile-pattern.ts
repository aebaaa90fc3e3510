import { InvalidEventPatternError } from '../errors.ts';
import { matchesObject } from './match-event.ts';
import { parsePattern } from './parse-pattern.ts';
import { invalidPattern, isJsonObject } from './pattern-path.ts';

/** A validated EventBridge event pattern, ready to test events against. */
export interface CompiledPattern {
  /** Whether an event (a parsed JSON object) matches, deciding as EventBridge does; anything else never matches. */
  matches(event: unknown): boolean;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidEventPatternError({ path: '', reason: 'pattern is not valid JSON', cause: error });
  }
}

/**
 * Validates an event pattern (a parsed JSON object, or its JSON text) as PutRule and TestEventPattern would and
 * compiles it. Throws `InvalidEventPatternError` naming the offending part and the reason.
 */
export function compilePattern(pattern: unknown): CompiledPattern {
  const source = typeof pattern === 'string' ? parseJson(pattern) : pattern;
  if (!isJsonObject(source)) return invalidPattern('', 'pattern must be a JSON object');
  const branches = parsePattern(source);
  return {
    matches: (event) => isJsonObject(event) && branches.some((branch) => matchesObject(branch, event)),
  };
}

/** One-off `compilePattern(pattern).matches(event)`; compile once instead when testing many events. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return compilePattern(pattern).matches(event);
}
