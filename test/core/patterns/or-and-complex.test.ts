import { describe } from 'vitest';
import { itDecides } from './pattern-cases.ts';

const detail = (fields: Record<string, unknown>) => ({ time: '2017-10-02T18:43:48Z', detail: fields });

describe('complex patterns and $or', () => {
  // AWS docs: "Content filtering in Amazon EventBridge event patterns" (complex example with multiple matching)
  const complex = {
    time: [{ prefix: '2017-10-02' }],
    detail: {
      state: [{ 'anything-but': 'initializing' }],
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ 'anything-but': [100, 200, 300] }],
    },
  };
  const fits = { state: 'processing', 'c-count': 3, 'd-count': 9, 'x-limit': 999 };
  itDecides([
    {
      says: 'the complex example matches when every condition holds',
      pattern: complex,
      event: detail(fits),
      matches: true,
    },
    {
      says: 'the complex example fails on an excluded x-limit of 300',
      pattern: complex,
      event: detail({ ...fits, 'x-limit': 300 }),
      matches: false,
    },
    {
      says: 'the complex example fails on another day',
      pattern: complex,
      event: { ...detail(fits), time: '2017-10-03T00:00:00Z' },
      matches: false,
    },
    {
      says: 'a key given twice counts only in its last occurrence (anything-but us-east wins over prefix us-)',
      pattern: '{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}',
      event: { detail: { location: 'eu-central-1' } },
      matches: true,
    },
    {
      says: 'a key given twice still applies its last occurrence (us-east is excluded)',
      pattern: '{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}',
      event: { detail: { location: 'us-east' } },
      matches: false,
    },
  ]);

  // AWS docs: "Content filtering in Amazon EventBridge event patterns" (complex example with $or matching)
  const anyCount = {
    detail: {
      $or: [
        { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
        { 'd-count': [{ numeric: ['<', 10] }] },
        { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
      ],
    },
  };
  itDecides([
    {
      says: '$or matches when only the d-count alternative holds',
      pattern: anyCount,
      event: detail({ 'c-count': 0, 'd-count': 0, 'x-limit': 901.8 }),
      matches: true,
    },
    {
      says: '$or matches when only the x-limit alternative holds',
      pattern: anyCount,
      event: detail({ 'c-count': 0, 'd-count': 10, 'x-limit': 301.8 }),
      matches: true,
    },
    {
      says: '$or does not match when no alternative holds',
      pattern: anyCount,
      event: detail({ 'c-count': 0, 'd-count': 10, 'x-limit': 901.8 }),
      matches: false,
    },
  ]);

  // Event Ruler README: "$or" combined with AND, in parallel, and nested
  const cloudwatch = {
    source: ['aws.cloudwatch'],
    $or: [
      { metricName: ['CPUUtilization', 'ReadLatency'] },
      {
        metricType: ['MetricType'],
        namespace: ['AWS/EC2', 'AWS/ES'],
        $or: [{ metricId: [1234] }, { spaceId: [1000] }],
      },
      { scope: ['Service'] },
    ],
  };
  const parallel = {
    $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
    detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
  };
  itDecides([
    {
      says: 'a fields-and-$or pattern needs the plain field as well as one alternative',
      pattern: cloudwatch,
      event: { source: 'aws.cloudwatch', scope: 'Service' },
      matches: true,
    },
    {
      says: 'a fields-and-$or pattern fails when the plain field differs',
      pattern: cloudwatch,
      event: { source: 'aws.ec2', scope: 'Service' },
      matches: false,
    },
    {
      says: 'a nested $or inside an alternative applies with that alternative (metricType, namespace and spaceId)',
      pattern: cloudwatch,
      event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES', spaceId: 1000 },
      matches: true,
    },
    {
      says: 'a nested $or inside an alternative must hold too (neither metricId nor spaceId)',
      pattern: cloudwatch,
      event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES', spaceId: 1 },
      matches: false,
    },
    {
      says: 'parallel $or groups must each find a true alternative',
      pattern: parallel,
      event: { namespace: 'AWS/EC2', detail: { 'detail-type': 'CloudWatch Alarm State Change' } },
      matches: true,
    },
    {
      says: 'parallel $or groups fail when one group has no true alternative',
      pattern: parallel,
      event: { namespace: 'AWS/EC2', detail: { 'detail-type': 'Something else' } },
      matches: false,
    },
    {
      says: 'an $or alternative may combine several filters on one field',
      pattern: { $or: [{ amount: [{ numeric: ['>', 100] }, 0] }, { vip: [true] }] },
      event: { amount: 0, vip: false },
      matches: true,
    },
  ]);

  // The empty pattern: everything matches (see docs/patterns.md on this choice).
  itDecides([
    { says: 'the empty pattern matches any event', pattern: {}, event: { source: 'anything' }, matches: true },
    { says: 'the empty pattern matches an empty event', pattern: {}, event: {}, matches: true },
    {
      says: 'no pattern matches something that is not a JSON object',
      pattern: {},
      event: ['not', 'an', 'object'],
      matches: false,
    },
  ]);
});
