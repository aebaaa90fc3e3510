import { parseLeaf } from './parse-leaf.ts';
import { fieldPath, indexPath, invalidPattern, isJsonObject } from './pattern-path.ts';
import type { LeafNode, ObjectNode, PatternNode } from './pattern-tree.ts';

/** EventBridge rejects patterns whose `$or` branches multiply out to more rule combinations than this. */
const MAX_COMBINATIONS = 1000;

// Operator names (and names Event Ruler reserves for future operators) cannot be field names inside `$or`.
const RESERVED_INSIDE_OR: readonly string[] = [
  ...['exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr'],
  ...['=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case'],
  ...['date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range'],
  ...['ip-address-in-range', 'ip-address-not-in-range'],
];

/** A validated pattern object that may still hold `$or`: entries in document order, `$or` as its alternatives. */
type Draft = Array<[string, LeafNode | Draft] | ['$or', Draft[]]>;

function parseObject(pattern: Record<string, unknown>, path: string, insideOr: boolean): Draft {
  const keys = Object.keys(pattern);
  if (keys.length === 0 && path !== '') invalidPattern(path, 'empty objects are not allowed');
  return keys.map((key): Draft[number] => {
    const value = pattern[key];
    const keyPath = fieldPath(path, key);
    if (key === '$or') {
      if (!Array.isArray(value)) return invalidPattern(keyPath, '$or must be an array of pattern objects');
      if (value.length < 2) invalidPattern(keyPath, '$or needs at least 2 alternatives');
      const alternatives = value.map((alternative, index) =>
        isJsonObject(alternative)
          ? parseObject(alternative, indexPath(keyPath, index), true)
          : invalidPattern(indexPath(keyPath, index), '$or alternatives must be pattern objects'),
      );
      return ['$or', alternatives];
    }
    if (insideOr && RESERVED_INSIDE_OR.includes(key)) {
      invalidPattern(keyPath, `"${key}" is an operator name and cannot be a field inside $or`);
    }
    if (Array.isArray(value)) return [key, parseLeaf(value, keyPath)];
    if (isJsonObject(value)) return [key, parseObject(value, keyPath, insideOr)];
    return invalidPattern(keyPath, 'pattern leaf must be an array');
  });
}

function isAlternatives(entry: Draft[number]): entry is ['$or', Draft[]] {
  return entry[0] === '$or';
}

/** How many OR-free rules the draft multiplies out to (as EventBridge counts `$or` combinations). */
function combinations(draft: Draft): number {
  let count = 1;
  for (const entry of draft) {
    if (isAlternatives(entry)) count *= entry[1].reduce((sum, alternative) => sum + combinations(alternative), 0);
    else if (Array.isArray(entry[1])) count *= combinations(entry[1]);
  }
  return count;
}

function objectNode(fields: Map<string, PatternNode>): ObjectNode {
  const needsPresence = [...fields.values()].some((node) =>
    node.kind === 'leaf' ? !node.absenceOnly : node.needsPresence,
  );
  return { kind: 'object', fields, needsPresence };
}

/** Adds fields to a branch; objects under the same key merge, otherwise the later field wins (as on AWS). */
function merge(base: ObjectNode, addition: ReadonlyMap<string, PatternNode>): ObjectNode {
  const fields = new Map(base.fields);
  for (const [key, node] of addition) {
    const existing = fields.get(key);
    fields.set(key, existing?.kind === 'object' && node.kind === 'object' ? merge(existing, node.fields) : node);
  }
  return objectNode(fields);
}

function expand(draft: Draft): ObjectNode[] {
  let branches = [objectNode(new Map())];
  for (const entry of draft) {
    if (isAlternatives(entry)) {
      const options = entry[1].flatMap(expand);
      branches = branches.flatMap((branch) => options.map((option) => merge(branch, option.fields)));
    } else if (Array.isArray(entry[1])) {
      const [key] = entry;
      const children = expand(entry[1]);
      branches = branches.flatMap((branch) => children.map((child) => merge(branch, new Map([[key, child]]))));
    } else {
      const leaf = entry[1];
      branches = branches.map((branch) => merge(branch, new Map([[entry[0], leaf]])));
    }
  }
  return branches;
}

/**
 * Validates a pattern object and multiplies its `$or`s out into OR-free branches (AND trees); an event matches
 * the pattern when it matches any branch.
 */
export function parsePattern(pattern: Record<string, unknown>): ObjectNode[] {
  const draft = parseObject(pattern, '', false);
  const count = combinations(draft);
  if (count > MAX_COMBINATIONS) {
    invalidPattern('', `$or: the pattern has ${count} combinations; at most ${MAX_COMBINATIONS} are allowed`);
  }
  return expand(draft);
}
