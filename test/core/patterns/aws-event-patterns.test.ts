import { describe } from 'vitest';
import { itDecides } from './pattern-cases.ts';

// Examples from the AWS EventBridge User Guide, each with an event that matches and one that does not.

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};
const terminations = {
  source: ['aws.ec2'],
  'detail-type': ['EC2 Instance State-change Notification'],
  detail: { state: ['terminated'] },
};
const macieFinding = {
  source: 'aws.macie',
  'detail-type': 'Macie Finding',
  detail: { type: 'Policy:IAMUser/S3BucketEncryptionDisabled', severity: { score: 1, description: 'Low' }, count: 2 },
};
const macieLowSeverityTwice = {
  source: ['aws.macie'],
  'detail-type': ['Macie Finding'],
  detail: { severity: { score: [1] }, count: [2] },
};
const autoscalingLaunch = {
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

describe('event patterns', () => {
  // AWS docs: "Amazon EventBridge event patterns" (Creating event patterns)
  itDecides([
    {
      says: 'the EC2 termination pattern matches a terminated instance',
      pattern: terminations,
      event: ec2Event,
      matches: true,
    },
    {
      says: 'the EC2 termination pattern ignores a running instance',
      pattern: terminations,
      event: { ...ec2Event, detail: { ...ec2Event.detail, state: 'running' } },
      matches: false,
    },
    {
      says: 'the EC2 termination pattern needs every field it names (no detail-type, no match)',
      pattern: terminations,
      event: { source: 'aws.ec2', detail: { state: 'terminated' } },
      matches: false,
    },
    {
      says: 'a field must sit at the same nesting in the event as in the pattern',
      pattern: terminations,
      event: { ...ec2Event, detail: {}, state: 'terminated' },
      matches: false,
    },
    {
      says: 'string matching is exact, without case folding',
      pattern: terminations,
      event: { ...ec2Event, detail: { state: 'Terminated' } },
      matches: false,
    },
    {
      says: 'a list of values matches events from either source (aws.fargate)',
      pattern: { source: ['aws.ec2', 'aws.fargate'] },
      event: { source: 'aws.fargate' },
      matches: true,
    },
    {
      says: 'a list of values does not match a source outside it',
      pattern: { source: ['aws.ec2', 'aws.fargate'] },
      event: { source: 'aws.ecs' },
      matches: false,
    },
    {
      says: 'the Macie pattern matches a finding with severity score 1 and count 2',
      pattern: macieLowSeverityTwice,
      event: macieFinding,
      matches: true,
    },
    {
      says: 'the Macie pattern does not match a finding counted three times',
      pattern: macieLowSeverityTwice,
      event: { ...macieFinding, detail: { ...macieFinding.detail, count: 3 } },
      matches: false,
    },
    {
      says: 'the Macie pattern does not match a severity score written as a string',
      pattern: macieLowSeverityTwice,
      event: { ...macieFinding, detail: { ...macieFinding.detail, severity: { score: '1' } } },
      matches: false,
    },
    {
      says: 'a null pattern value matches the autoscaling event whose responseElements is null',
      pattern: {
        source: ['aws.autoscaling'],
        'detail-type': ['EC2 Instance Launch Successful'],
        detail: { responseElements: [null] },
      },
      event: autoscalingLaunch,
      matches: true,
    },
    {
      says: 'fields of the event that the pattern does not name are ignored',
      pattern: { detail: { 'instance-id': ['i-1234567890abcdef0'] } },
      event: ec2Event,
      matches: true,
    },
  ]);

  // AWS docs: "Arrays in Amazon EventBridge event patterns"
  const resourcesPattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };
  const asgArn =
    'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate';
  itDecides([
    {
      says: 'an event array matches when it shares one value with the pattern array',
      pattern: resourcesPattern,
      event: { resources: [asgArn, 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
      matches: true,
    },
    {
      says: 'an event array sharing no value with the pattern array does not match',
      pattern: resourcesPattern,
      event: { resources: [asgArn] },
      matches: false,
    },
  ]);

  // AWS docs: "Matching events on null values and empty strings in Amazon EventBridge"
  itDecides([
    {
      says: 'an empty-string pattern matches an empty eventVersion',
      pattern: { detail: { eventVersion: [''] } },
      event: autoscalingLaunch,
      matches: true,
    },
    {
      says: 'a null pattern matches a null responseElements',
      pattern: { detail: { responseElements: [null] } },
      event: autoscalingLaunch,
      matches: true,
    },
    {
      says: 'an empty-string pattern does not match a null value',
      pattern: { detail: { responseElements: [''] } },
      event: autoscalingLaunch,
      matches: false,
    },
    {
      says: 'a null pattern does not match an empty string',
      pattern: { detail: { eventVersion: [null] } },
      event: autoscalingLaunch,
      matches: false,
    },
    {
      says: 'a null pattern does not match the string "null"',
      pattern: { detail: { responseElements: [null] } },
      event: { ...autoscalingLaunch, detail: { responseElements: 'null' } },
      matches: false,
    },
    {
      says: 'a null pattern does not match a missing field',
      pattern: { detail: { responseElements: [null] } },
      event: { ...autoscalingLaunch, detail: {} },
      matches: false,
    },
  ]);
});
