import { cidrContains, parseIpAddress, sameIpAddress } from './ip-address.ts';
import { inNumericRange } from './numeric.ts';
import type { Exclusion, LeafValue, ValueMatcher } from './pattern-tree.ts';
import { matchesWildcard } from './wildcard.ts';

function lower(text: string): string {
  return text.toLowerCase();
}

function matchesExact(expected: Extract<ValueMatcher, { kind: 'exact' }>, value: LeafValue): boolean {
  if (value === expected.value) return true;
  // A pattern string that is an IP address matches the same address written another way (`::1`, `0:0::1`).
  if (expected.ip === undefined || typeof value !== 'string') return false;
  const address = parseIpAddress(value);
  return address !== undefined && sameIpAddress(address, expected.ip);
}

/** Whether `anything-but` rules a value out; values of another JSON type than the exclusion are never ruled out. */
function isExcluded(exclusion: Exclusion, value: LeafValue): boolean {
  if (exclusion.kind === 'numbers') return typeof value === 'number' && exclusion.values.includes(value);
  if (typeof value !== 'string') return false;
  switch (exclusion.kind) {
    case 'strings':
      return exclusion.values.has(value);
    case 'prefix':
      return exclusion.values.some((prefix) => value.startsWith(prefix));
    case 'suffix':
      return exclusion.values.some((suffix) => value.endsWith(suffix));
    case 'equals-ignore-case':
      return exclusion.values.some((text) => lower(text) === lower(value));
    case 'wildcard':
      return exclusion.values.some((wildcard) => matchesWildcard(wildcard, value));
  }
}

/** Whether one leaf value of the event satisfies one value matcher (`exists` is decided on the field, not here). */
export function matchesValue(matcher: ValueMatcher, value: LeafValue): boolean {
  switch (matcher.kind) {
    case 'exact':
      return matchesExact(matcher, value);
    case 'anything-but':
      return !isExcluded(matcher.exclusion, value);
    case 'numeric':
      return typeof value === 'number' && inNumericRange(matcher.range, value);
    case 'exists':
      return matcher.present;
  }
  if (typeof value !== 'string') return false;
  switch (matcher.kind) {
    case 'prefix':
      return matcher.ignoreCase ? lower(value).startsWith(lower(matcher.value)) : value.startsWith(matcher.value);
    case 'suffix':
      return matcher.ignoreCase ? lower(value).endsWith(lower(matcher.value)) : value.endsWith(matcher.value);
    case 'equals-ignore-case':
      return lower(value) === lower(matcher.value);
    case 'wildcard':
      return matchesWildcard(matcher.wildcard, value);
    case 'cidr': {
      const address = parseIpAddress(value);
      return address !== undefined && cidrContains(matcher.block, address);
    }
  }
}
