import { expect, it } from 'vitest';
import { InvalidEventPatternError } from '../../../core/errors.ts';
import { compilePattern, matchesPattern } from '../../../core/patterns/compile-pattern.ts';

/** One row of a decision table: a behaviour sentence, a pattern, an event and whether EventBridge matches it. */
export interface MatchCase {
  says: string;
  pattern: unknown;
  event: unknown;
  matches: boolean;
}

/** One invalid pattern with the path and reason the error must carry. */
export interface InvalidCase {
  says: string;
  pattern: unknown;
  path: string;
  reason: string | RegExp;
}

export function itDecides(cases: readonly MatchCase[]): void {
  it.each(cases)('$says', ({ pattern, event, matches }) => {
    expect(matchesPattern(pattern, event)).toBe(matches);
  });
}

export function rejectionOf(pattern: unknown): InvalidEventPatternError {
  try {
    compilePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return error;
    throw error;
  }
  throw new Error('expected the pattern to be rejected');
}

export function itRejects(cases: readonly InvalidCase[]): void {
  it.each(cases)('$says', ({ pattern, path, reason }) => {
    const error = rejectionOf(pattern);
    expect(error.path).toBe(path);
    if (typeof reason === 'string') expect(error.reason).toBe(reason);
    else expect(error.reason).toMatch(reason);
  });
}
