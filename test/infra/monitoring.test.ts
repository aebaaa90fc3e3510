import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { routeTable } from '../../core/routes.ts';
import { countDispatched } from '../../core/use-cases/count-dispatched.ts';
import { powertools } from '../../functions/aws/powertools.ts';
import { registry } from '../../journeys/index.ts';
import { decisionOf } from '../support/customer-table-contract.ts';
import { FULL_CONFIG, refTo, type Synthesized, synth } from './synth.ts';

describe('operations dashboard and alarms', () => {
  let s: Synthesized;
  let alarms: Array<Record<string, unknown>>;
  let metricsOf: (title: string) => unknown[][];
  beforeAll(() => {
    s = synth(FULL_CONFIG);
    alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
    const dashboard = Object.values(s.template.findResources('AWS::CloudWatch::Dashboard'))[0];
    const widgets = dashboardWidgets(dashboard?.Properties.DashboardBody);
    metricsOf = (title) => widgets.find((widget) => widget.properties.title === title)?.properties.metrics ?? [];
  });

  it('alarms as soon as any dead-letter queue holds a message', () => {
    const queues = s.stack.queues.deadLetterQueues;
    expect(Object.keys(queues).sort()).toEqual(['busTargets', 'delivery', 'ingest', 'privacy', 'rejected']);
    for (const queue of Object.values(queues)) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [s.id(queue), 'QueueName'] } }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        }),
      );
    }
  });

  it('alarms when the sweeper lags more than 180 s for 3 minutes, or stops reporting', () => {
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'JourneyOrchestrator',
        MetricName: 'SweepLagSeconds',
        Dimensions: [{ Name: 'service', Value: s.stack.functions.sweeper.serviceName }],
        Threshold: 180,
        EvaluationPeriods: 3,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
      }),
    );
  });

  it('alarms when more than 5% of any function invocations fail', () => {
    for (const fn of Object.values(s.stack.functions.all)) {
      const metricOf = (id: string) =>
        expect.objectContaining({
          Id: id,
          ReturnData: false,
          MetricStat: expect.objectContaining({
            Metric: expect.objectContaining({ Dimensions: [{ Name: 'FunctionName', Value: refTo(s.id(fn)) }] }),
          }),
        });
      expect(alarms).toContainEqual(
        expect.objectContaining({
          Threshold: 5,
          ComparisonOperator: 'GreaterThanThreshold',
          Metrics: expect.arrayContaining([
            expect.objectContaining({ Expression: expect.stringContaining('100 * errors / invocations') }),
            metricOf('errors'),
            metricOf('invocations'),
          ]),
        }),
      );
    }
  });

  it('alarms when the oldest ingest message is older than 5 minutes', () => {
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [s.id(s.stack.queues.ingest), 'QueueName'] } }],
        Threshold: 300,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
  });

  it('notifies an encrypted, SSL-only topic from every alarm, with the ops email subscribed', () => {
    const topic = refTo(s.id(s.stack.alarms.topic));
    expect(alarms).toHaveLength(5 + 1 + 5 + 1);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topic]);
    s.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [s.id(s.stack.encryption.storageKey), 'Arn'] },
    });
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: FULL_CONFIG.alarmEmail,
      TopicArn: topic,
    });
  });

  it('lets CloudWatch use the storage key, so alarms can publish to the encrypted topic', () => {
    const key = s.template.toJSON().Resources[s.id(s.stack.encryption.storageKey)];
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
      }),
    );
  });

  it('shows events in per detail-type, decisions by outcome, sends and failures', () => {
    s.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const routes = routeTable(registry);
    expect(metricsOf('Events in, by detail-type').map((metric) => (metric.at(-1) as { label: string }).label)).toEqual([
      ...routes.ingest,
    ]);
    const search = (dimensions: string, metric: string, service: string, filter = '') =>
      `SUM(SEARCH('{JourneyOrchestrator,${dimensions}} MetricName="${metric}" service="${service}"${filter}', 'Sum', 300))`;
    expect(metricsOf('Decisions by outcome')).toEqual(
      ['send', 'suppressed', 'deferred'].map((outcome) => [
        { label: outcome, expression: search('journey,outcome,service', 'Decided', 'ingest', ` outcome="${outcome}"`) },
      ]),
    );
    expect(metricsOf('Messages sent / failed')).toEqual([
      [{ label: 'sent', expression: search('channel,journey,service', 'Sent', 'deliver') }],
      [{ label: 'failed', expression: search('channel,journey,service', 'Failed', 'deliver') }],
    ]);
  });

  it('shows every DLQ depth, the oldest message age of ingest and delivery, and errors and throttles per function', () => {
    const queueNames = (title: string) => metricsOf(title).map((metric) => metric[3]);
    expect(queueNames('Dead-letter queue depth')).toEqual(
      Object.values(s.stack.queues.deadLetterQueues).map((queue) => `${s.id(queue)}.QueueName`),
    );
    expect(queueNames('Age of oldest message (s)')).toEqual([
      `${s.id(s.stack.queues.ingest)}.QueueName`,
      `${s.id(s.stack.queues.delivery)}.QueueName`,
    ]);
    const functionIds = Object.values(s.stack.functions.all).map((fn) => s.id(fn));
    expect(metricsOf('Lambda errors').map((metric) => [metric[1], metric[3]])).toEqual(
      functionIds.map((id) => ['Errors', id]),
    );
    expect(metricsOf('Lambda throttles').map((metric) => [metric[1], metric[3]])).toEqual(
      functionIds.map((id) => ['Throttles', id]),
    );
    expect(metricsOf('Sweeper lag (s)')[0]?.slice(0, 4)).toEqual([
      'JourneyOrchestrator',
      'SweepLagSeconds',
      'service',
      'sweeper',
    ]);
  });
});

describe('outcome widgets (DESIGN.md §12)', () => {
  let widgets: Widget[];
  beforeAll(() => {
    const s = synth(FULL_CONFIG);
    const dashboard = Object.values(s.template.findResources('AWS::CloudWatch::Dashboard'))[0];
    widgets = dashboardWidgets(dashboard?.Properties.DashboardBody);
  });

  /** What the ingest function's Powertools metrics print for a first exposure and a conversion in a split. */
  function emittedDimensionSets(): Map<string, string> {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    try {
      const { telemetry } = powertools('ingest');
      const split = { name: 'last-chance-coupon', variant: 'with_coupon', rule: 'bucket < 50' };
      countDispatched(telemetry, [
        { kind: 'decision', record: { ...decisionOf('p', 1, '2026-11-23T10:00:00.000Z'), firstTouch: true, split } },
        {
          kind: 'conversion',
          record: {
            ...{ pseudonym: 'p', journeyId: 'cart', version: 1, entry: 1, at: '2026-11-23T11:00:00.000Z' },
            ...{ event: 'order.placed', eventId: 'e', revenue: 25, currency: 'EUR', messageId: 'm', split, rule: 'r' },
          },
        },
      ]);
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    const sets = new Map<string, string>();
    for (const line of printed) {
      const emf = JSON.parse(line) as {
        _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
      };
      for (const directive of emf._aws.CloudWatchMetrics) {
        for (const metric of directive.Metrics)
          sets.set(metric.Name, [...(directive.Dimensions[0] ?? [])].sort().join(','));
      }
    }
    return sets;
  }

  it('searches exposures, conversions, revenue and variants under exactly the dimensions ingest emits them with', () => {
    const emitted = emittedDimensionSets();
    const searched = (title: string) => {
      const widget = widgets.find((candidate) => candidate.properties.title === title);
      const first = widget?.properties.metrics?.[0]?.[0] as { expression?: string } | undefined;
      const expression = first?.expression ?? '';
      const [, dimensions, metric] = /\{JourneyOrchestrator,([^}]+)\} MetricName="(\w+)"/.exec(expression) ?? [];
      return [metric, dimensions];
    };
    for (const title of [
      'Entries exposed, by arm',
      'Conversions, by arm',
      'Revenue attributed, by arm',
      'Entries exposed, by A/B variant',
      'Conversions, by A/B variant',
    ]) {
      const [metric, dimensions] = searched(title);
      expect(emitted.get(metric as string), title).toBe(dimensions);
    }
    expect(emitted.get('Revenue')).toBe('arm,currency,journey,service');
  });
});

type Widget = { properties: { title: string; metrics?: unknown[][] } };

/** Parses the dashboard body, writing each CloudFormation reference as `<logicalId>` or `<logicalId>.<attribute>`. */
function dashboardWidgets(body: { 'Fn::Join': [string, unknown[]] }): Widget[] {
  const text = body['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const reference = part as { Ref?: string; 'Fn::GetAtt'?: string[] };
      return reference.Ref ?? reference['Fn::GetAtt']?.join('.') ?? 'unknown';
    })
    .join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}
