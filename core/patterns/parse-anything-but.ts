import { numberOperandProblem } from './numeric.ts';
import { fieldPath, indexPath, invalidPattern, isJsonObject } from './pattern-path.ts';
import type { Exclusion } from './pattern-tree.ts';
import { parseWildcard, type Wildcard } from './wildcard.ts';

const NESTED_OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'] as const;
type NestedOperator = (typeof NESTED_OPERATORS)[number];

function isNestedOperator(key: string): key is NestedOperator {
  return (NESTED_OPERATORS as readonly string[]).includes(key);
}

function checkedNumber(value: number, path: string): number {
  const problem = numberOperandProblem(value);
  return problem ? invalidPattern(path, `anything-but: ${problem}`) : value;
}

function parseList(values: readonly unknown[], path: string): Exclusion {
  if (values.length === 0) invalidPattern(path, 'anything-but cannot be empty');
  values.forEach((value, index) => {
    if (typeof value !== 'string' && typeof value !== 'number') {
      invalidPattern(indexPath(path, index), 'anything-but: list values must be strings or numbers');
    }
  });
  if (values.every((value) => typeof value === 'string')) return { kind: 'strings', values: new Set(values) };
  if (values.every((value) => typeof value === 'number')) {
    return { kind: 'numbers', values: values.map((value, index) => checkedNumber(value, indexPath(path, index))) };
  }
  return invalidPattern(path, 'anything-but: list values must be all strings or all numbers');
}

function nestedText(operator: NestedOperator, text: unknown, path: string): string {
  if (typeof text !== 'string') return invalidPattern(path, `anything-but: ${operator} values must be strings`);
  if ((operator === 'prefix' || operator === 'suffix') && text === '') {
    invalidPattern(path, `anything-but: ${operator} cannot be empty`);
  }
  return text;
}

function wildcardOf(text: string, path: string): Wildcard {
  const parsed = parseWildcard(text);
  return typeof parsed === 'string' ? invalidPattern(path, `anything-but: wildcard: ${parsed}`) : parsed;
}

function parseNested(expression: Record<string, unknown>, path: string): Exclusion {
  const keys = Object.keys(expression);
  const [operator] = keys;
  if (keys.length !== 1 || operator === undefined) {
    return invalidPattern(path, `anything-but: expected exactly one of ${NESTED_OPERATORS.join(', ')}`);
  }
  if (!isNestedOperator(operator)) return invalidPattern(path, `anything-but: unsupported operator "${operator}"`);
  const operatorPath = fieldPath(path, operator);
  const value = expression[operator];
  let texts: string[];
  if (typeof value === 'string') texts = [nestedText(operator, value, operatorPath)];
  else if (Array.isArray(value)) {
    if (value.length === 0) invalidPattern(operatorPath, 'anything-but cannot be empty');
    texts = value.map((text, index) => nestedText(operator, text, indexPath(operatorPath, index)));
  } else return invalidPattern(operatorPath, `anything-but: ${operator} must be a string or an array of strings`);
  if (operator === 'wildcard') {
    return { kind: 'wildcard', values: texts.map((text) => wildcardOf(text, operatorPath)) };
  }
  return { kind: operator, values: texts };
}

/** Validates the value of an `anything-but` filter; `path` names the `anything-but` key itself. */
export function parseAnythingBut(value: unknown, path: string): Exclusion {
  if (typeof value === 'string') return { kind: 'strings', values: new Set([value]) };
  if (typeof value === 'number') return { kind: 'numbers', values: [checkedNumber(value, path)] };
  if (Array.isArray(value)) return parseList(value, path);
  if (isJsonObject(value)) return parseNested(value, path);
  return invalidPattern(
    path,
    'anything-but: value must be a string, a number, a list of them, or an object with prefix, suffix, equals-ignore-case or wildcard',
  );
}
