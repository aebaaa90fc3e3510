import { describe } from 'vitest';
import { itRejects } from './pattern-cases.ts';

// Operator values PutRule / TestEventPattern refuse. Sources: AWS-recorded TestEventPattern errors collected by
// public emulator test suites, Event Ruler's rule-compiler and CIDR tests, and the AWS docs "Content filtering in
// Amazon EventBridge event patterns" (numeric range and precision, wildcard syntax).

const leaf = (operator: unknown) => ({ x: [operator] });

describe('invalid prefix, suffix, equals-ignore-case and wildcard', () => {
  itRejects([
    {
      says: 'a prefix must be a string',
      pattern: leaf({ prefix: 123 }),
      path: 'x[0].prefix',
      reason: 'prefix: value must be a string',
    },
    {
      says: 'a prefix cannot be a list',
      pattern: leaf({ prefix: ['2022'] }),
      path: 'x[0].prefix',
      reason: 'prefix: value must be a string',
    },
    {
      says: 'only equals-ignore-case may be nested in a prefix',
      pattern: leaf({ prefix: { 'invalid-expression': 'abc' } }),
      path: 'x[0].prefix',
      reason: 'prefix: only {"equals-ignore-case": "..."} may be nested in prefix',
    },
    {
      says: 'a suffix equals-ignore-case must be a string',
      pattern: leaf({ suffix: { 'equals-ignore-case': 5 } }),
      path: 'x[0].suffix.equals-ignore-case',
      reason: 'suffix: equals-ignore-case must be a string',
    },
    {
      says: 'a suffix cannot be a list',
      pattern: leaf({ suffix: ['.png'] }),
      path: 'x[0].suffix',
      reason: 'suffix: value must be a string',
    },
    {
      says: 'equals-ignore-case cannot be a list',
      pattern: leaf({ 'equals-ignore-case': ['abc'] }),
      path: 'x[0].equals-ignore-case',
      reason: 'equals-ignore-case: value must be a string',
    },
    {
      says: 'equals-ignore-case cannot wrap a prefix',
      pattern: leaf({ 'equals-ignore-case': { prefix: 'ec2' } }),
      path: 'x[0].equals-ignore-case',
      reason: 'equals-ignore-case: value must be a string',
    },
    {
      says: 'a wildcard cannot hold consecutive asterisks',
      pattern: leaf({ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }),
      path: 'x[0].wildcard',
      reason: 'wildcard: consecutive asterisks are not allowed',
    },
    {
      says: 'a wildcard cannot end in a lone backslash',
      pattern: leaf({ wildcard: 'foo*bar\\' }),
      path: 'x[0].wildcard',
      reason: 'wildcard: a backslash may only escape * or \\',
    },
    {
      says: 'a wildcard backslash cannot escape an ordinary character',
      pattern: leaf({ wildcard: 'a\\b' }),
      path: 'x[0].wildcard',
      reason: 'wildcard: a backslash may only escape * or \\',
    },
    {
      says: 'a wildcard must be a string',
      pattern: leaf({ wildcard: 123 }),
      path: 'x[0].wildcard',
      reason: 'wildcard: value must be a string',
    },
    {
      says: 'a wildcard cannot be a list',
      pattern: leaf({ wildcard: ['a*'] }),
      path: 'x[0].wildcard',
      reason: 'wildcard: value must be a string',
    },
  ]);
});

describe('invalid anything-but', () => {
  const at = 'x[0].anything-but';
  itRejects([
    {
      says: 'anything-but cannot be null',
      pattern: leaf({ 'anything-but': null }),
      path: at,
      reason: /^anything-but: value must be/,
    },
    {
      says: 'anything-but cannot be a boolean',
      pattern: leaf({ 'anything-but': true }),
      path: at,
      reason: /^anything-but: value must be/,
    },
    {
      says: 'anything-but cannot be empty',
      pattern: leaf({ 'anything-but': [] }),
      path: at,
      reason: 'anything-but cannot be empty',
    },
    {
      says: 'an anything-but list cannot hold null',
      pattern: leaf({ 'anything-but': ['stopped', null] }),
      path: `${at}[1]`,
      reason: 'anything-but: list values must be strings or numbers',
    },
    {
      says: 'an anything-but list cannot mix strings and numbers',
      pattern: leaf({ 'anything-but': ['child0', 111, 'child2'] }),
      path: at,
      reason: 'anything-but: list values must be all strings or all numbers',
    },
    {
      says: 'anything-but numbers stay within the numeric range',
      pattern: leaf({ 'anything-but': 6e9 }),
      path: at,
      reason: 'anything-but: 6000000000 is outside the supported range -5e9 to 5e9',
    },
    {
      says: 'anything-but prefix cannot be empty',
      pattern: leaf({ 'anything-but': { prefix: '' } }),
      path: `${at}.prefix`,
      reason: 'anything-but: prefix cannot be empty',
    },
    {
      says: 'anything-but suffix list cannot hold an empty suffix',
      pattern: leaf({ 'anything-but': { suffix: ['1', ''] } }),
      path: `${at}.suffix[1]`,
      reason: 'anything-but: suffix cannot be empty',
    },
    {
      says: 'anything-but prefix must be a string',
      pattern: leaf({ 'anything-but': { prefix: 123 } }),
      path: `${at}.prefix`,
      reason: 'anything-but: prefix must be a string or an array of strings',
    },
    {
      says: 'anything-but suffix list values must be strings',
      pattern: leaf({ 'anything-but': { suffix: [123, '.txt'] } }),
      path: `${at}.suffix[0]`,
      reason: 'anything-but: suffix values must be strings',
    },
    {
      says: 'anything-but prefix cannot nest equals-ignore-case',
      pattern: leaf({ 'anything-but': { prefix: { 'equals-ignore-case': 'file' } } }),
      path: `${at}.prefix`,
      reason: 'anything-but: prefix must be a string or an array of strings',
    },
    {
      says: 'anything-but equals-ignore-case must be a string',
      pattern: leaf({ 'anything-but': { 'equals-ignore-case': 123 } }),
      path: `${at}.equals-ignore-case`,
      reason: 'anything-but: equals-ignore-case must be a string or an array of strings',
    },
    {
      says: 'anything-but equals-ignore-case list values must be strings',
      pattern: leaf({ 'anything-but': { 'equals-ignore-case': [123, 456] } }),
      path: `${at}.equals-ignore-case[0]`,
      reason: 'anything-but: equals-ignore-case values must be strings',
    },
    {
      says: 'anything-but wildcard follows wildcard syntax',
      pattern: leaf({ 'anything-but': { wildcard: 'foo**bar' } }),
      path: `${at}.wildcard`,
      reason: 'anything-but: wildcard: consecutive asterisks are not allowed',
    },
    {
      says: 'anything-but wildcard list values must be strings',
      pattern: leaf({ 'anything-but': { wildcard: [123, '*/dir/*'] } }),
      path: `${at}.wildcard[0]`,
      reason: 'anything-but: wildcard values must be strings',
    },
    {
      says: 'anything-but accepts no other nested operator',
      pattern: leaf({ 'anything-but': { foo: 3 } }),
      path: at,
      reason: 'anything-but: unsupported operator "foo"',
    },
    {
      says: 'anything-but nests exactly one operator',
      pattern: leaf({ 'anything-but': { prefix: 'a', suffix: 'b' } }),
      path: at,
      reason: 'anything-but: expected exactly one of prefix, suffix, equals-ignore-case, wildcard',
    },
    {
      says: 'anything-but prefix list cannot be empty',
      pattern: leaf({ 'anything-but': { prefix: [] } }),
      path: `${at}.prefix`,
      reason: 'anything-but cannot be empty',
    },
  ]);
});
