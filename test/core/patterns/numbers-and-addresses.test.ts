import { describe } from 'vitest';
import { itDecides } from './pattern-cases.ts';

// Numeric and IP address matching. Sources: AWS docs "Content filtering in Amazon EventBridge event patterns"
// (numeric limits -5.0e9..5.0e9, six digits after the decimal point; IPv4 and IPv6), Event Ruler's CIDR and numeric
// tests, and AWS-recorded TestEventPattern outcomes collected by public emulator test suites.

describe('numeric matching', () => {
  itDecides([
    {
      says: 'numeric > 100 matches 101.0',
      pattern: { n: [{ numeric: ['>', 100] }] },
      event: { n: 101.0 },
      matches: true,
    },
    {
      says: 'numeric never matches the string "300"',
      pattern: { n: [{ numeric: ['>', 100] }] },
      event: { n: '300' },
      matches: false,
    },
    {
      says: 'numeric never matches null',
      pattern: { n: [{ numeric: ['>', 100] }] },
      event: { n: null },
      matches: false,
    },
    {
      says: 'numeric >= includes its bound',
      pattern: { n: [{ numeric: ['>=', 0, '<', 1] }] },
      event: { n: 0 },
      matches: true,
    },
    {
      says: 'numeric < excludes its bound',
      pattern: { n: [{ numeric: ['>=', 0, '<', 1] }] },
      event: { n: 1 },
      matches: false,
    },
    {
      says: 'numeric handles negative fractions',
      pattern: { n: [{ numeric: ['<', 0] }] },
      event: { n: -4e-6 },
      matches: true,
    },
    {
      says: 'numeric = 3.018e2 matches 301.8',
      pattern: { n: [{ numeric: ['=', 3.018e2] }] },
      event: { n: 301.8 },
      matches: true,
    },
    {
      says: 'numeric is precise to six decimals: 0.000002 is above 0.000001',
      pattern: { n: [{ numeric: ['>', 0.000001] }] },
      event: { n: 0.000002 },
      matches: true,
    },
    {
      says: 'numeric compares event values rounded to six decimals (5.0000001 counts as 5)',
      pattern: { n: [{ numeric: ['<=', 5] }] },
      event: { n: 5.0000001 },
      matches: true,
    },
    {
      says: 'numeric accepts event values up to 5e9',
      pattern: { n: [{ numeric: ['>', 0] }] },
      event: { n: 5e9 },
      matches: true,
    },
    {
      says: 'numeric never matches event values beyond 5e9',
      pattern: { n: [{ numeric: ['>', 0] }] },
      event: { n: 5.1e9 },
      matches: false,
    },
    {
      says: 'an exact number still matches beyond the numeric range (an AWS account id)',
      pattern: { account: [123456789012] },
      event: { account: 123456789012 },
      matches: true,
    },
    {
      says: 'numeric matches if any number of an array is in range',
      pattern: { n: [{ numeric: ['>', 10] }] },
      event: { n: [1, 2, 30] },
      matches: true,
    },
  ]);
});

describe('IP address matching', () => {
  itDecides([
    {
      says: 'an IPv6 cidr matches an address in the block written in full',
      pattern: { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] },
      event: { ip: '2001:0db8:1234:1a00:0000:0000:0000:0000' },
      matches: true,
    },
    {
      says: 'an IPv6 cidr does not match an address in another block',
      pattern: { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] },
      event: { ip: '2001:0db8:123f:1a01:0000:0000:0000:0000' },
      matches: false,
    },
    {
      says: 'a cidr does not match 10.0.0.256, which is not an address',
      pattern: { ip: [{ cidr: '10.0.0.0/24' }] },
      event: { ip: '10.0.0.256' },
      matches: false,
    },
    {
      says: 'a cidr does not match a number',
      pattern: { ip: [{ cidr: '10.0.0.0/24' }] },
      event: { ip: 123 },
      matches: false,
    },
    {
      says: 'an IPv4 cidr does not match an IPv6 address',
      pattern: { ip: [{ cidr: '0.0.0.0/0' }] },
      event: { ip: '::1' },
      matches: false,
    },
    {
      says: 'a /0 block matches every IPv4 address',
      pattern: { ip: [{ cidr: '0.0.0.0/0' }] },
      event: { ip: '203.0.113.9' },
      matches: true,
    },
    {
      says: 'a block boundary that falls inside a byte is honoured (10.0.0.0/25 excludes .128)',
      pattern: { ip: [{ cidr: '10.0.0.0/25' }] },
      event: { ip: '10.0.0.128' },
      matches: false,
    },
  ]);
});
