import { parseCidrBlock, parseIpAddress } from './ip-address.ts';
import { parseNumericRange } from './numeric.ts';
import { parseAnythingBut } from './parse-anything-but.ts';
import { fieldPath, indexPath, invalidPattern, isJsonObject } from './pattern-path.ts';
import type { LeafNode, ValueMatcher } from './pattern-tree.ts';
import { parseWildcard } from './wildcard.ts';

function orFail<T>(parsed: T | string, path: string, operator: string): T {
  return typeof parsed === 'string' ? invalidPattern(path, `${operator}: ${parsed}`) : parsed;
}

function parseAffix(operator: 'prefix' | 'suffix', value: unknown, path: string): ValueMatcher {
  if (typeof value === 'string') return { kind: operator, value, ignoreCase: false };
  if (!isJsonObject(value)) return invalidPattern(path, `${operator}: value must be a string`);
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
    return invalidPattern(path, `${operator}: only {"equals-ignore-case": "..."} may be nested in ${operator}`);
  }
  const text = value['equals-ignore-case'];
  if (typeof text !== 'string') {
    return invalidPattern(fieldPath(path, 'equals-ignore-case'), `${operator}: equals-ignore-case must be a string`);
  }
  return { kind: operator, value: text, ignoreCase: true };
}

function parseOperator(expression: Record<string, unknown>, path: string): ValueMatcher {
  const keys = Object.keys(expression);
  const [operator] = keys;
  if (operator === undefined) return invalidPattern(path, 'an operator object needs an operator');
  if (keys.length > 1) return invalidPattern(path, 'an operator object must hold exactly one operator');
  const operatorPath = fieldPath(path, operator);
  const value = expression[operator];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return parseAffix(operator, value, operatorPath);
    case 'equals-ignore-case':
      if (typeof value !== 'string') return invalidPattern(operatorPath, 'equals-ignore-case: value must be a string');
      return { kind: 'equals-ignore-case', value };
    case 'wildcard':
      if (typeof value !== 'string') return invalidPattern(operatorPath, 'wildcard: value must be a string');
      return { kind: 'wildcard', wildcard: orFail(parseWildcard(value), operatorPath, 'wildcard') };
    case 'anything-but':
      return { kind: 'anything-but', exclusion: parseAnythingBut(value, operatorPath) };
    case 'numeric':
      return { kind: 'numeric', range: orFail(parseNumericRange(value), operatorPath, 'numeric') };
    case 'cidr':
      if (typeof value !== 'string') return invalidPattern(operatorPath, 'cidr: value must be a string');
      return { kind: 'cidr', block: orFail(parseCidrBlock(value), operatorPath, 'cidr') };
    case 'exists':
      if (typeof value !== 'boolean') return invalidPattern(operatorPath, 'exists: value must be true or false');
      return { kind: 'exists', present: value };
    default:
      return invalidPattern(operatorPath, `unknown operator "${operator}"`);
  }
}

function parseEntry(value: unknown, path: string): ValueMatcher {
  if (typeof value === 'string') return { kind: 'exact', value, ip: parseIpAddress(value) };
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) {
    return { kind: 'exact', value, ip: undefined };
  }
  if (isJsonObject(value)) return parseOperator(value, path);
  return invalidPattern(path, 'pattern leaf values must be strings, numbers, true, false, null or operator objects');
}

/** Validates a pattern leaf (an array of alternatives) into matchers. */
export function parseLeaf(values: readonly unknown[], path: string): LeafNode {
  if (values.length === 0) invalidPattern(path, 'pattern leaf cannot be an empty array');
  const matchers = values.map((value, index) => parseEntry(value, indexPath(path, index)));
  const absenceOnly = matchers.every((matcher) => matcher.kind === 'exists' && !matcher.present);
  return { kind: 'leaf', matchers, absenceOnly };
}
