import { describe } from 'vitest';
import { itRejects } from './pattern-cases.ts';

// Numeric and cidr values PutRule / TestEventPattern refuse. Sources: AWS docs "Content filtering in Amazon
// EventBridge event patterns" (numeric range -5.0e9..5.0e9, six decimals), Event Ruler's numeric-expression and
// CIDR tests, and AWS-recorded TestEventPattern errors collected by public emulator test suites.

const numeric = (terms: unknown) => ({ n: [{ numeric: terms }] });
const cidr = (block: unknown) => ({ ip: [{ cidr: block }] });

describe('invalid numeric', () => {
  const at = 'n[0].numeric';
  itRejects([
    { says: 'numeric takes an array', pattern: numeric(10), path: at, reason: 'numeric: value must be an array' },
    {
      says: 'numeric needs an operator',
      pattern: numeric([]),
      path: at,
      reason: 'numeric: expected a comparison operator first',
    },
    {
      says: 'numeric knows no <> operator',
      pattern: numeric(['<>', 1]),
      path: at,
      reason: 'numeric: unknown operator "<>"',
    },
    {
      says: 'numeric knows no == operator',
      pattern: numeric(['==', 1, '>', 0]),
      path: at,
      reason: 'numeric: unknown operator "=="',
    },
    {
      says: 'numeric = needs a number',
      pattern: numeric(['=']),
      path: at,
      reason: 'numeric: value of = must be a number',
    },
    {
      says: 'numeric = takes no boolean',
      pattern: numeric(['=', true]),
      path: at,
      reason: 'numeric: value of = must be a number',
    },
    {
      says: 'numeric = takes no numeric string',
      pattern: numeric(['=', '-4e-6']),
      path: at,
      reason: 'numeric: value of = must be a number',
    },
    {
      says: 'numeric = is one comparison only',
      pattern: numeric(['=', 5, '<', 6]),
      path: at,
      reason: 'numeric: too many elements after =',
    },
    {
      says: 'a range cannot start with an upper bound',
      pattern: numeric(['<', 1, '>', 0]),
      path: at,
      reason: 'numeric: too many elements after <',
    },
    {
      says: 'a lower bound cannot be followed by another lower bound',
      pattern: numeric(['>', 0, '>', 0]),
      path: at,
      reason: 'numeric: a lower bound can only be followed by < or <=',
    },
    {
      says: 'a range needs its upper value',
      pattern: numeric(['>', 0, '<']),
      path: at,
      reason: 'numeric: value of < must be a number',
    },
    {
      says: 'a range cannot be empty (> 1 and < 1)',
      pattern: numeric(['>', 1, '<', 1]),
      path: at,
      reason: 'numeric: lower bound must be less than upper bound',
    },
    {
      says: 'a range cannot be reversed (> 30 and < 1)',
      pattern: numeric(['>', 30, '<', 1]),
      path: at,
      reason: 'numeric: lower bound must be less than upper bound',
    },
    {
      says: 'a range has at most four elements',
      pattern: numeric(['>', 1, '<', 30, false]),
      path: at,
      reason: 'numeric: too many elements in the range',
    },
    {
      says: 'numeric operands stay at or below 5e9',
      pattern: numeric(['>', 6e9]),
      path: at,
      reason: 'numeric: 6000000000 is outside the supported range -5e9 to 5e9',
    },
    {
      says: 'numeric operands stay at or above -5e9',
      pattern: numeric(['<', -5.000001e9]),
      path: at,
      reason: 'numeric: -5000001000 is outside the supported range -5e9 to 5e9',
    },
    {
      says: 'numeric operands have at most six decimals',
      pattern: numeric(['=', 1e-7]),
      path: at,
      reason: 'numeric: 1e-7 has more than six digits after the decimal point',
    },
  ]);
});

describe('invalid cidr', () => {
  const at = 'ip[0].cidr';
  itRejects([
    {
      says: 'a cidr needs one slash',
      pattern: cidr('bad-filter'),
      path: at,
      reason: 'cidr: exactly one "/" is required',
    },
    {
      says: 'a cidr needs an address',
      pattern: cidr('xx.11.xx/8'),
      path: at,
      reason: 'cidr: "xx.11.xx" is not an IPv4 or IPv6 address',
    },
    {
      says: 'cidr mask bits are an integer',
      pattern: cidr('bad-/64filter'),
      path: at,
      reason: 'cidr: mask bits must be an integer',
    },
    {
      says: 'cidr mask bits are not negative',
      pattern: cidr('10.0.0.0/-1'),
      path: at,
      reason: 'cidr: mask bits must not be negative',
    },
    { says: 'a cidr must be a string', pattern: cidr(['bad-type']), path: at, reason: 'cidr: value must be a string' },
    {
      says: 'an IPv6 cidr needs hex groups',
      pattern: cidr('xxxx:db8:1234:1a00::/64'),
      path: at,
      reason: 'cidr: "xxxx:db8:1234:1a00::" is not an IPv4 or IPv6 address',
    },
    {
      says: 'an IPv4 octet stays below 256',
      pattern: cidr('10.0.0.300/8'),
      path: at,
      reason: 'cidr: "10.0.0.300" is not an IPv4 or IPv6 address',
    },
    {
      says: 'an IPv4 block has fewer than 32 mask bits',
      pattern: cidr('10.0.0.1/32'),
      path: at,
      reason: 'cidr: IPv4 mask bits must be less than 32',
    },
    {
      says: 'an IPv6 block has fewer than 128 mask bits',
      pattern: cidr('::1/128'),
      path: at,
      reason: 'cidr: IPv6 mask bits must be less than 128',
    },
    {
      says: 'an IPv6 address has at most one ::',
      pattern: cidr('1::2::3/64'),
      path: at,
      reason: 'cidr: "1::2::3" is not an IPv4 or IPv6 address',
    },
  ]);
});
