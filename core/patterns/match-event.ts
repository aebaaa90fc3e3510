import { matchesValue } from './match-value.ts';
import { isJsonObject } from './pattern-path.ts';
import type { LeafNode, LeafValue, ObjectNode } from './pattern-tree.ts';

function isLeafValue(value: unknown): value is LeafValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** The leaf values an event holds at one place: the value itself, or the primitives of a (nested) array. */
function leafValuesOf(value: unknown, found: LeafValue[] = []): LeafValue[] {
  if (Array.isArray(value)) for (const item of value) leafValuesOf(item, found);
  else if (isLeafValue(value)) found.push(value);
  return found;
}

function elementsOf(values: readonly unknown[], found: unknown[] = []): unknown[] {
  for (const value of values) {
    if (Array.isArray(value)) elementsOf(value, found);
    else found.push(value);
  }
  return found;
}

function matchesLeaf(leaf: LeafNode, value: unknown): boolean {
  const values = leafValuesOf(value);
  return leaf.matchers.some((matcher) =>
    matcher.kind === 'exists'
      ? values.length > 0 === matcher.present
      : values.some((leafValue) => matchesValue(matcher, leafValue)),
  );
}

function matchesFields(node: ObjectNode, value: unknown): boolean {
  for (const [key, child] of node.fields) {
    const fieldValue = isJsonObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    const matched = child.kind === 'leaf' ? matchesLeaf(child, fieldValue) : matchesObject(child, fieldValue);
    if (!matched) return false;
  }
  return true;
}

/**
 * Matches an OR-free pattern object against an event value. Against an array of objects, one element must match
 * the whole object (fields from different elements never combine); when only `exists: false` conditions are
 * left, the field must be absent from every element.
 */
export function matchesObject(node: ObjectNode, value: unknown): boolean {
  if (!Array.isArray(value)) return matchesFields(node, value);
  const elements = elementsOf(value);
  return node.needsPresence
    ? elements.some((element) => matchesFields(node, element))
    : elements.every((element) => matchesFields(node, element));
}
