import { describe } from 'vitest';
import { itDecides } from './pattern-cases.ts';

// Arrays, nested objects and exists. Sources: Event Ruler README ("JSON Array Matching", "Exists matching"),
// AWS docs "Content filtering in Amazon EventBridge event patterns" (exists works on leaf nodes only), and
// AWS-recorded TestEventPattern outcomes collected by public emulator test suites.

const employees = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};
const nestedEmployees = { employees: [[employees.employees[0], employees.employees[1]], [employees.employees[2]]] };

describe('arrays of objects', () => {
  itDecides([
    {
      says: 'a pattern object descends into every object of an event array',
      pattern: { employees: { firstName: ['Anna'] } },
      event: employees,
      matches: true,
    },
    {
      says: 'a pattern object descends through arrays of arrays',
      pattern: { employees: { firstName: ['Peter'] } },
      event: nestedEmployees,
      matches: true,
    },
    {
      says: 'fields matched inside an array must come from the same element (Anna Smith)',
      pattern: { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
      event: employees,
      matches: true,
    },
    {
      says: 'fields from different elements of one array never combine (Anna Jones)',
      pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
      event: employees,
      matches: false,
    },
    {
      says: 'nested arrays of primitives are flattened for leaf matching',
      pattern: { tags: ['c'] },
      event: { tags: [['a', 'b'], ['c']] },
      matches: true,
    },
    {
      says: 'a leaf pattern ignores the objects in a mixed array',
      pattern: { tags: [{ exists: true }] },
      event: { tags: [{ name: 'a' }] },
      matches: false,
    },
    {
      says: 'DynamoDB-style attribute values are reached by nesting',
      pattern: { dynamodb: { NewImage: { homemade: { N: ['1234'] } } } },
      event: { dynamodb: { NewImage: { homemade: { S: 'ABCD', N: '1234' } } } },
      matches: true,
    },
    {
      says: 'a pattern object does not match a string where it expects an object',
      pattern: { detail: { state: ['running'] } },
      event: { detail: 'running' },
      matches: false,
    },
  ]);
});

describe('exists', () => {
  itDecides([
    {
      says: 'exists true matches a null value, which is present',
      pattern: { a: [{ exists: true }] },
      event: { a: null },
      matches: true,
    },
    {
      says: 'exists false does not match a null value',
      pattern: { a: [{ exists: false }] },
      event: { a: null },
      matches: false,
    },
    {
      says: 'exists true does not match an empty array',
      pattern: { resources: [{ exists: true }] },
      event: { resources: [] },
      matches: false,
    },
    {
      says: 'exists false matches an empty array',
      pattern: { resources: [{ exists: false }] },
      event: { resources: [] },
      matches: true,
    },
    {
      says: 'a null pattern does not match an empty array',
      pattern: { resources: [null] },
      event: { resources: [] },
      matches: false,
    },
    {
      says: 'exists true does not match an intermediate object',
      pattern: { detail: { 'c-count': [{ exists: true }] } },
      event: { detail: { 'c-count': { c1: 100 } } },
      matches: false,
    },
    {
      says: 'exists false matches an intermediate object, which is not a leaf',
      pattern: { detail: { 'c-count': [{ exists: false }] } },
      event: { detail: { 'c-count': { c1: 100 } } },
      matches: true,
    },
    {
      says: 'exists false matches when a parent on the way is missing',
      pattern: { detail: { level1: { 'level2:': { level3: { level4: [{ exists: false }] } } } } },
      event: { detail: { level1: { level2: 'l2 value' } } },
      matches: true,
    },
    {
      says: 'exists false does not match a deep leaf that is there',
      pattern: { detail: { level1: { level2: { level3: { level4: [{ exists: false }] } } } } },
      event: { detail: { level1: { level2: { level3: { level4: 'l4 value' } } } } },
      matches: false,
    },
    {
      says: 'exists true on a leaf below an object matches (presentKey.S)',
      pattern: { dynamodb: { presentKey: { S: [{ exists: true }] } } },
      event: { dynamodb: { id: { S: 'test1234' }, presentKey: { S: 'test123' } } },
      matches: true,
    },
    {
      says: 'exists true in an array of objects matches when one element has the field',
      pattern: { detail: { automations: { id: [{ exists: true }] } } },
      event: { detail: { automations: [{ key1: 'value1' }, { id: 'match-does-exist' }, { key2: 'value2' }] } },
      matches: true,
    },
    {
      says: 'exists false in an array of objects fails when any element has the field',
      pattern: { detail: { automations: { id: [{ exists: false }] } } },
      event: { detail: { automations: [{ key1: 'value1' }, { id: 'here' }] } },
      matches: false,
    },
    {
      says: 'exists false in an array of objects matches when no element has the field',
      pattern: { detail: { automations: { id: [{ exists: false }] } } },
      event: { detail: { automations: [{ key1: 'value1' }, { key2: 'value2' }] } },
      matches: true,
    },
    {
      says: 'exists false next to another field is checked in the element that matched it (see docs/patterns.md)',
      pattern: { items: { sku: ['A'], discount: [{ exists: false }] } },
      event: { items: [{ sku: 'B' }, { sku: 'A' }, { sku: 'A', discount: 5 }] },
      matches: true,
    },
    {
      says: 'anything-but or exists false: matches when the attribute is absent',
      pattern: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } },
      event: { NewImage: { homemade: { N: '789' } } },
      matches: true,
    },
    {
      says: 'anything-but or exists false: matches a present value that is not excluded',
      pattern: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } },
      event: { NewImage: { homemade: { S: 'ABCD' } } },
      matches: true,
    },
    {
      says: 'anything-but or exists false: rejects the excluded value',
      pattern: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } },
      event: { NewImage: { homemade: { S: 'roses' } } },
      matches: false,
    },
    {
      says: 'numeric or anything-but on one leaf: either alternative is enough',
      pattern: { N: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] },
      event: { N: '42' },
      matches: true,
    },
    {
      says: 'numeric or anything-but on one leaf: fails when neither holds',
      pattern: { N: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] },
      event: { N: '101' },
      matches: false,
    },
  ]);
});
