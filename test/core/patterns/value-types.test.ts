import { describe } from 'vitest';
import { itDecides } from './pattern-cases.ts';

// Behaviour of each operator on the JSON types an event can hold. Sources: Event Ruler's README ("JSON text
// matching", operator sections) and AWS-recorded TestEventPattern outcomes collected by public emulator test suites.

describe('exact values and JSON types', () => {
  itDecides([
    {
      says: 'a number matches the same number written 300.0',
      pattern: { n: [300] },
      event: JSON.parse('{"n": 300.0}'),
      matches: true,
    },
    {
      says: 'a number matches the same number written 3.0e2',
      pattern: { n: [300] },
      event: JSON.parse('{"n": 3.0e2}'),
      matches: true,
    },
    { says: 'a number does not match the string "300"', pattern: { n: [300] }, event: { n: '300' }, matches: false },
    { says: 'a string does not match the number 300', pattern: { n: ['300'] }, event: { n: 300 }, matches: false },
    { says: 'false matches false', pattern: { flag: [false] }, event: { flag: false }, matches: true },
    { says: 'false does not match true', pattern: { flag: [false] }, event: { flag: true }, matches: false },
    {
      says: 'true does not match the string "true"',
      pattern: { flag: [true] },
      event: { flag: 'true' },
      matches: false,
    },
    { says: 'field names are case-sensitive', pattern: { MY_KEY: ['v'] }, event: { my_key: 'v' }, matches: false },
    {
      says: 'strings are compared character by character, emoji and trailing spaces included',
      pattern: { s: ['A CamelCase string with an emoji 🚀 '] },
      event: { s: 'A CamelCase string with an emoji 🚀 ' },
      matches: true,
    },
    {
      says: 'an IP address pattern matches the same address written another way',
      pattern: { ip: ['2001:db8::1'] },
      event: { ip: '2001:0DB8:0:0:0:0:0:1' },
      matches: true,
    },
    {
      says: 'a JSON document inside a string is not descended into',
      pattern: { detail: { 'my-key': ['my-value'] } },
      event: { detail: '{"my-key": "my-value"}' },
      matches: false,
    },
    {
      says: 'a dotted key is one field name, not a path (see docs/patterns.md)',
      pattern: { 'detail.state': ['running'] },
      event: { 'detail.state': 'running' },
      matches: true,
    },
  ]);
});

describe('anything-but on other types and absent fields', () => {
  itDecides([
    {
      says: 'anything-but a string matches a null value',
      pattern: { state: [{ 'anything-but': 'initializing' }] },
      event: { state: null },
      matches: true,
    },
    {
      says: 'anything-but never matches a missing field',
      pattern: { state: [{ 'anything-but': 'initializing' }] },
      event: { other: 1 },
      matches: false,
    },
    {
      says: 'anything-but a prefix matches a number',
      pattern: { state: [{ 'anything-but': { prefix: 'init' } }] },
      event: { state: 12 },
      matches: true,
    },
    {
      says: 'anything-but a suffix list matches a null value',
      pattern: { file: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] },
      event: { file: null },
      matches: true,
    },
    {
      says: 'anything-but a wildcard matches a number',
      pattern: { path: [{ 'anything-but': { wildcard: '*/dir/*' } }] },
      event: { path: 123 },
      matches: true,
    },
    {
      says: 'anything-but an empty wildcard matches any non-empty string',
      pattern: { path: [{ 'anything-but': { wildcard: '' } }] },
      event: { path: 'dir/init/file' },
      matches: true,
    },
    {
      says: 'anything-but a list of wildcards rejects a value matching any of them',
      pattern: { path: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] },
      event: { path: 'dir/init/dir' },
      matches: false,
    },
    {
      says: 'anything-but a list of prefixes rejects a value with any of them',
      pattern: { state: [{ 'anything-but': { prefix: ['init', 'post'] } }] },
      event: { state: 'post-init' },
      matches: false,
    },
    {
      says: 'anything-but equals-ignore-case list rejects Stopped',
      pattern: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] },
      event: { state: 'Stopped' },
      matches: false,
    },
    {
      says: 'anything-but numbers matches the string "100"',
      pattern: { n: [{ 'anything-but': [100, 200] }] },
      event: { n: '100' },
      matches: true,
    },
    {
      says: 'anything-but 0 matches 789',
      pattern: { n: [{ 'anything-but': 0 }] },
      event: { n: 789 },
      matches: true,
    },
    {
      says: 'anything-but matches an array holding at least one other value',
      pattern: { state: [{ 'anything-but': 'stopped' }] },
      event: { state: ['stopped', 'running'] },
      matches: true,
    },
    {
      says: 'anything-but does not match an array holding only excluded values',
      pattern: { state: [{ 'anything-but': 'stopped' }] },
      event: { state: ['stopped'] },
      matches: false,
    },
  ]);
});

describe('string operators on edge values', () => {
  itDecides([
    {
      says: 'an empty prefix matches any string',
      pattern: { s: [{ prefix: '' }] },
      event: { s: 'pending' },
      matches: true,
    },
    { says: 'a prefix never matches a number', pattern: { s: [{ prefix: '20' }] }, event: { s: 2017 }, matches: false },
    {
      says: 'an empty suffix matches any string',
      pattern: { s: [{ suffix: '' }] },
      event: { s: 'pending' },
      matches: true,
    },
    { says: 'a suffix never matches null', pattern: { s: [{ suffix: 'l' }] }, event: { s: null }, matches: false },
    {
      says: 'an empty equals-ignore-case matches only the empty string',
      pattern: { s: [{ 'equals-ignore-case': '' }] },
      event: { s: 'test-value' },
      matches: false,
    },
    {
      says: 'equals-ignore-case folds non-ASCII letters too',
      pattern: { s: [{ 'equals-ignore-case': 'ÉTÉ' }] },
      event: { s: 'été' },
      matches: true,
    },
    {
      says: 'an empty wildcard matches only the empty string',
      pattern: { s: [{ wildcard: '' }] },
      event: { s: '' },
      matches: true,
    },
    { says: 'a lone * matches any string', pattern: { s: [{ wildcard: '*' }] }, event: { s: 'x/y/z' }, matches: true },
    {
      says: 'a wildcard never matches a number',
      pattern: { s: [{ wildcard: '*' }] },
      event: { s: 42 },
      matches: false,
    },
    {
      says: 'an escaped \\* matches a literal asterisk',
      pattern: { s: [{ wildcard: 'a\\*b' }] },
      event: { s: 'a*b' },
      matches: true,
    },
    {
      says: 'an escaped \\* does not act as a wildcard',
      pattern: { s: [{ wildcard: 'a\\*b' }] },
      event: { s: 'axxb' },
      matches: false,
    },
    {
      says: 'an escaped \\\\ matches one backslash',
      pattern: { s: [{ wildcard: 'a\\\\*' }] },
      event: { s: 'a\\b' },
      matches: true,
    },
    {
      says: 'a wildcard followed by repeating segments finds the right place',
      pattern: { s: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] },
      event: { s: '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt' },
      matches: true,
    },
    {
      says: 'a wildcard with repeating segments does not match when one is missing',
      pattern: { s: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] },
      event: { s: '/Users/ls_user/dir/dir/dir/dir/otherdir/doc.txt' },
      matches: false,
    },
    {
      says: 'wildcards match anywhere in between, overlapping segments included',
      pattern: { s: [{ wildcard: '*aba*aba' }] },
      event: { s: 'xxabababa' },
      matches: true,
    },
  ]);
});
