import { describe } from 'vitest';
import { itDecides } from './pattern-cases.ts';

// AWS docs: "Content filtering in Amazon EventBridge event patterns" — each documented pattern with an event that
// matches and one that does not.

const withDetail = (detail: Record<string, unknown>) => ({ source: 'aws.ec2', detail });

describe('content filtering', () => {
  // Prefix and suffix matching (with and without equals-ignore-case)
  itDecides([
    {
      says: 'a prefix matches a time that starts with the given date',
      pattern: { time: [{ prefix: '2017-10-02' }] },
      event: { time: '2017-10-02T18:43:48Z' },
      matches: true,
    },
    {
      says: 'a prefix does not match a time of another day',
      pattern: { time: [{ prefix: '2017-10-02' }] },
      event: { time: '2017-10-03T18:43:48Z' },
      matches: false,
    },
    {
      says: 'a prefix with equals-ignore-case matches EVENTB… and eventb… alike',
      pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      event: withDetail({ service: 'eventbridge' }),
      matches: true,
    },
    {
      says: 'a prefix with equals-ignore-case still needs the letters at the start',
      pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      event: withDetail({ service: 'AmazonEventBridge' }),
      matches: false,
    },
    {
      says: 'a suffix matches a file name ending in .png',
      pattern: { FileName: [{ suffix: '.png' }] },
      event: { FileName: 'image.png' },
      matches: true,
    },
    {
      says: 'a suffix is case-sensitive (.PNG is not .png)',
      pattern: { FileName: [{ suffix: '.png' }] },
      event: { FileName: 'image.PNG' },
      matches: false,
    },
    {
      says: 'a suffix with equals-ignore-case matches .PNG',
      pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      event: withDetail({ FileName: 'image.PNG' }),
      matches: true,
    },
    {
      says: 'a suffix with equals-ignore-case does not match .jpg',
      pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      event: withDetail({ FileName: 'image.jpg' }),
      matches: false,
    },
  ]);

  // Anything-but matching
  itDecides([
    {
      says: 'anything-but a string matches any other state',
      pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
      event: withDetail({ state: 'pending' }),
      matches: true,
    },
    {
      says: 'anything-but a string does not match that string',
      pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
      event: withDetail({ state: 'initializing' }),
      matches: false,
    },
    {
      says: 'anything-but a number matches another number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      event: withDetail({ 'x-limit': 789 }),
      matches: true,
    },
    {
      says: 'anything-but a number does not match that number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      event: withDetail({ 'x-limit': 123 }),
      matches: false,
    },
    {
      says: 'anything-but a list of strings matches a state outside the list',
      pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      event: withDetail({ state: 'pending' }),
      matches: true,
    },
    {
      says: 'anything-but a list of strings does not match a listed state',
      pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      event: withDetail({ state: 'overloaded' }),
      matches: false,
    },
    {
      says: 'anything-but a list of numbers matches an unlisted number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
      event: withDetail({ 'x-limit': 999 }),
      matches: true,
    },
    {
      says: 'anything-but a list of numbers does not match a listed number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
      event: withDetail({ 'x-limit': 200 }),
      matches: false,
    },
    {
      says: 'anything-but a prefix matches a state that does not start with it',
      pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      event: withDetail({ state: 'post-init' }),
      matches: true,
    },
    {
      says: 'anything-but a prefix does not match a state that starts with it',
      pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      event: withDetail({ state: 'initializing' }),
      matches: false,
    },
    {
      says: 'anything-but a suffix matches a file with another extension',
      pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
      event: withDetail({ FileName: 'file.txt.bak' }),
      matches: true,
    },
    {
      says: 'anything-but a suffix does not match a file with that extension',
      pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
      event: withDetail({ FileName: 'file.txt' }),
      matches: false,
    },
    {
      says: 'anything-but equals-ignore-case matches a different state',
      pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      event: withDetail({ state: 'pending' }),
      matches: true,
    },
    {
      says: 'anything-but equals-ignore-case does not match INITIALIZING',
      pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      event: withDetail({ state: 'INITIALIZING' }),
      matches: false,
    },
    {
      says: 'anything-but a wildcard matches a path outside /lib/',
      pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
      event: withDetail({ FilePath: 'usr/bin/tool' }),
      matches: true,
    },
    {
      says: 'anything-but a wildcard does not match a path inside /lib/',
      pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
      event: withDetail({ FilePath: 'usr/lib/tool.so' }),
      matches: false,
    },
  ]);

  // Numeric, IP address, exists, equals-ignore-case and wildcard matching
  const numericPattern = {
    detail: {
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ numeric: ['=', 3.018e2] }],
    },
  };
  itDecides([
    {
      says: 'numeric comparisons must all hold: 5, 9 and 301.8 fit',
      pattern: numericPattern,
      event: withDetail({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 }),
      matches: true,
    },
    {
      says: 'numeric comparisons must all hold: a c-count of 0 is not above 0',
      pattern: numericPattern,
      event: withDetail({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 }),
      matches: false,
    },
    {
      says: 'an IPv4 cidr matches an address inside 10.0.0.0/24',
      pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
      event: withDetail({ sourceIPAddress: '10.0.0.255' }),
      matches: true,
    },
    {
      says: 'an IPv4 cidr does not match an address outside 10.0.0.0/24',
      pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
      event: withDetail({ sourceIPAddress: '10.0.1.0' }),
      matches: false,
    },
    {
      says: 'exists true matches an event that has detail.state',
      pattern: { detail: { state: [{ exists: true }] } },
      event: withDetail({ 'instance-id': 'i-abcd1111', state: 'pending' }),
      matches: true,
    },
    {
      says: 'exists true does not match an event whose detail has only c-count',
      pattern: { detail: { state: [{ exists: true }] } },
      event: withDetail({ 'c-count': { c1: 100 } }),
      matches: false,
    },
    {
      says: 'exists false matches an event without detail.state',
      pattern: { detail: { state: [{ exists: false }] } },
      event: withDetail({ 'c-count': { c1: 100 } }),
      matches: true,
    },
    {
      says: 'exists false does not match an event with detail.state',
      pattern: { detail: { state: [{ exists: false }] } },
      event: withDetail({ state: 'pending' }),
      matches: false,
    },
    {
      says: 'equals-ignore-case matches the detail-type in any casing',
      pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      event: { 'detail-type': 'EC2 Instance State-change Notification' },
      matches: true,
    },
    {
      says: 'equals-ignore-case still compares the whole string',
      pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change' }] },
      event: { 'detail-type': 'EC2 Instance State-change Notification' },
      matches: false,
    },
    {
      says: 'a wildcard matches any account in an event bus ARN',
      pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      event: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' },
      matches: true,
    },
    {
      says: 'a wildcard does not match an event bus ARN in another region',
      pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      event: { EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/myEventBus' },
      matches: false,
    },
  ]);
});
