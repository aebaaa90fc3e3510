import { describe } from 'vitest';
import { itDecides, type MatchCase } from './pattern-cases.ts';

// AWS docs: "Comparison operators for use in event patterns in Amazon EventBridge" — one row per operator in the
// summary table: the documented rule syntax with an event it matches and one it does not.

function row(comparison: string, pattern: unknown, matching: unknown, notMatching: unknown): MatchCase[] {
  return [
    { says: `${comparison}: matches ${JSON.stringify(matching)}`, pattern, event: matching, matches: true },
    { says: `${comparison}: rejects ${JSON.stringify(notMatching)}`, pattern, event: notMatching, matches: false },
  ];
}

describe('comparison operators', () => {
  itDecides([
    ...row(
      'And',
      { Location: ['New York'], Day: ['Monday'] },
      { Location: 'New York', Day: 'Monday' },
      { Location: 'New York', Day: 'Tuesday' },
    ),
    ...row(
      'Anything-but',
      { state: [{ 'anything-but': 'initializing' }] },
      { state: 'ready' },
      { state: 'initializing' },
    ),
    ...row(
      'Anything-but (begins with)',
      { Region: [{ 'anything-but': { prefix: 'us-' } }] },
      { Region: 'eu-west-1' },
      { Region: 'us-east-1' },
    ),
    ...row(
      'Anything-but (ends with)',
      { FileName: [{ 'anything-but': { suffix: '.png' } }] },
      { FileName: 'photo.jpg' },
      { FileName: 'photo.png' },
    ),
    ...row(
      'Anything-but (ignore case)',
      { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
      { state: 'ready' },
      { state: 'Initializing' },
    ),
    ...row(
      'Anything-but using a wildcard',
      { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
      { FilePath: 'opt/bin/run' },
      { FilePath: 'opt/lib/run' },
    ),
    ...row('Begins with', { Region: [{ prefix: 'us-' }] }, { Region: 'us-west-2' }, { Region: 'ca-central-1' }),
    ...row(
      'Begins with (ignore case)',
      { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
      { service: 'EventBridge' },
      { service: 'Events' },
    ),
    ...row('Empty', { LastName: [''] }, { LastName: '' }, { LastName: 'Doe' }),
    ...row('Equals', { Name: ['Alice'] }, { Name: 'Alice' }, { Name: 'alice' }),
    ...row(
      'Equals (ignore case)',
      { Name: [{ 'equals-ignore-case': 'alice' }] },
      { Name: 'ALICE' },
      { Name: 'Alicia' },
    ),
    ...row('Ends with', { FileName: [{ suffix: '.png' }] }, { FileName: 'a/b.png' }, { FileName: 'a/b.png.gz' }),
    ...row(
      'Ends with (ignore case)',
      { service: [{ suffix: { 'equals-ignore-case': 'tBridge' } }] },
      { service: 'EVENTBRIDGE' },
      { service: 'EventBus' },
    ),
    ...row('Exists', { ProductName: [{ exists: true }] }, { ProductName: 'Mug' }, { Price: 10 }),
    ...row('Does not exist', { ProductName: [{ exists: false }] }, { Price: 10 }, { ProductName: 'Mug' }),
    ...row('Not', { Weather: [{ 'anything-but': ['Raining'] }] }, { Weather: 'Sunny' }, { Weather: 'Raining' }),
    ...row('Null', { UserID: [null] }, { UserID: null }, { UserID: 'u-1' }),
    ...row('Numeric (equals)', { Price: [{ numeric: ['=', 100] }] }, { Price: 100 }, { Price: 100.5 }),
    ...row('Numeric (range)', { Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 20 }, { Price: 10 }),
    ...row('Or', { PaymentType: ['Credit', 'Debit'] }, { PaymentType: 'Debit' }, { PaymentType: 'Cash' }),
    ...row(
      'Or (multiple fields)',
      { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
      { Location: 'Boston', Day: 'Monday' },
      { Location: 'Boston', Day: 'Friday' },
    ),
    ...row(
      'Wildcard',
      { FileName: [{ wildcard: 'dir/*.png' }] },
      { FileName: 'dir/deeper/image.png' },
      { FileName: 'other/image.png' },
    ),
  ]);
});
