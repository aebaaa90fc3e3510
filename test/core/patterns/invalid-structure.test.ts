import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError, JourneyCoreError } from '../../../core/errors.ts';
import { compilePattern } from '../../../core/patterns/compile-pattern.ts';
import { itRejects, rejectionOf } from './pattern-cases.ts';

// Patterns PutRule / TestEventPattern refuse with InvalidEventPatternException. Sources: AWS-recorded
// TestEventPattern errors collected by public emulator test suites, Event Ruler's rule-compiler tests, and the AWS
// docs "Content filtering in Amazon EventBridge event patterns" (the $or limit of 1000 combinations).

function alternatives(field: string, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, index) => ({ [field]: [index] }));
}

describe('invalid pattern structure', () => {
  itRejects([
    { says: 'text that is not JSON is rejected', pattern: '{"a": [', path: '', reason: 'pattern is not valid JSON' },
    {
      says: 'a JSON array is not a pattern',
      pattern: ['not', 'a', 'dict'],
      path: '',
      reason: 'pattern must be a JSON object',
    },
    { says: 'null is not a pattern', pattern: null, path: '', reason: 'pattern must be a JSON object' },
    {
      says: 'a number outside an array is rejected',
      pattern: { int: 42 },
      path: 'int',
      reason: 'pattern leaf must be an array',
    },
    {
      says: 'a string outside an array is rejected',
      pattern: { detail: { string: 'my-value' } },
      path: 'detail.string',
      reason: 'pattern leaf must be an array',
    },
    {
      says: 'an empty leaf array is rejected',
      pattern: { resources: [] },
      path: 'resources',
      reason: 'pattern leaf cannot be an empty array',
    },
    {
      says: 'an empty nested object is rejected',
      pattern: { source: ['aws.health'], detail: {} },
      path: 'detail',
      reason: 'empty objects are not allowed',
    },
    {
      says: 'an array inside a leaf array is rejected',
      pattern: { a: [['x']] },
      path: 'a[0]',
      reason: 'pattern leaf values must be strings, numbers, true, false, null or operator objects',
    },
    {
      says: 'an empty operator object is rejected',
      pattern: { a: [{}] },
      path: 'a[0]',
      reason: 'an operator object needs an operator',
    },
    {
      says: 'an operator object with two operators is rejected',
      pattern: { a: [{ prefix: 'x', suffix: 'y' }] },
      path: 'a[0]',
      reason: 'an operator object must hold exactly one operator',
    },
    {
      says: 'operator names are case-sensitive (EXISTS)',
      pattern: { my_key: [{ EXISTS: true }] },
      path: 'my_key[0].EXISTS',
      reason: 'unknown operator "EXISTS"',
    },
    {
      says: 'operator names are case-sensitive (NUMERIC)',
      pattern: { detail: { equal: [{ NUMERIC: ['=', 5] }] } },
      path: 'detail.equal[0].NUMERIC',
      reason: 'unknown operator "NUMERIC"',
    },
    {
      says: 'an object in a leaf must be an operator',
      pattern: { a: [{ x: 2 }] },
      path: 'a[0].x',
      reason: 'unknown operator "x"',
    },
    {
      says: 'exists takes true or false only',
      pattern: { x: [{ exists: 'badString' }] },
      path: 'x[0].exists',
      reason: 'exists: value must be true or false',
    },
  ]);
});

describe('invalid $or', () => {
  itRejects([
    {
      says: '$or needs two alternatives',
      pattern: { $or: [{ a: ['1'] }] },
      path: '$or',
      reason: '$or needs at least 2 alternatives',
    },
    {
      says: '$or must be an array',
      pattern: { $or: { a: ['1'] } },
      path: '$or',
      reason: '$or must be an array of pattern objects',
    },
    {
      says: '$or alternatives must be objects',
      pattern: { $or: [{ a: ['1'] }, 'b'] },
      path: '$or[1]',
      reason: '$or alternatives must be pattern objects',
    },
    {
      says: '$or alternatives cannot be empty',
      pattern: { $or: [{ a: ['1'] }, {}] },
      path: '$or[1]',
      reason: 'empty objects are not allowed',
    },
    {
      says: 'operator names cannot be fields inside $or',
      pattern: { $or: [{ numeric: [123] }, { prefix: ['abc'] }] },
      path: '$or[0].numeric',
      reason: '"numeric" is an operator name and cannot be a field inside $or',
    },
    {
      says: 'operator names cannot be fields deeper inside $or either',
      pattern: { detail: { $or: [{ a: [1] }, { b: { exists: [2] } }] } },
      path: 'detail.$or[1].b.exists',
      reason: '"exists" is an operator name and cannot be a field inside $or',
    },
    {
      says: 'more than 1000 $or combinations are rejected (11 × 11 × 11)',
      pattern: {
        a: { $or: alternatives('x', 11) },
        b: { $or: alternatives('y', 11) },
        c: { $or: alternatives('z', 11) },
      },
      path: '',
      reason: '$or: the pattern has 1331 combinations; at most 1000 are allowed',
    },
    {
      says: 'nested $or alternatives add up before multiplying (2 × (10 + 10 × 50))',
      pattern: {
        a: { $or: alternatives('x', 2) },
        b: {
          $or: [...alternatives('y', 10), { c: { $or: alternatives('w', 10) }, d: { $or: alternatives('v', 50) } }],
        },
      },
      path: '',
      reason: /^\$or: the pattern has 1020 combinations/,
    },
  ]);

  it('accepts exactly 1000 combinations', () => {
    const pattern = {
      a: { $or: alternatives('x', 10) },
      b: { $or: alternatives('y', 10) },
      c: { $or: alternatives('z', 10) },
    };
    expect(compilePattern(pattern).matches({ a: { x: 9 }, b: { y: 0 }, c: { z: 5 } })).toBe(true);
  });

  it('accepts "prefix" as an ordinary field name outside $or', () => {
    expect(compilePattern({ prefix: ['x'] }).matches({ prefix: 'x' })).toBe(true);
  });
});

describe('InvalidEventPatternError', () => {
  it('is a JourneyCoreError that names the path and the reason in its message', () => {
    const error = rejectionOf({ detail: { state: [{ numeric: ['>', 1, '<', 1] }] } });
    expect(error).toBeInstanceOf(JourneyCoreError);
    expect(error).toBeInstanceOf(InvalidEventPatternError);
    expect(error.name).toBe('InvalidEventPatternError');
    expect(error.message).toBe(
      'Invalid event pattern at detail.state[0].numeric: numeric: lower bound must be less than upper bound',
    );
  });

  it('keeps the JSON parse failure as its cause', () => {
    const error = rejectionOf('{"a": [');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toBe('Invalid event pattern: pattern is not valid JSON');
  });
});
