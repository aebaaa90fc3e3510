import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '../../core/contracts/metrics.ts';
import type { FunctionName, JourneyFunction } from './journey-function.ts';

export interface OperationsDashboardProps {
  readonly dashboardName: string;
  readonly bus: events.IEventBus;
  /** Rule of each routed detail-type. */
  readonly rules: ReadonlyMap<string, events.IRule>;
  readonly functions: Record<FunctionName, JourneyFunction>;
  readonly ingestQueue: sqs.IQueue;
  readonly deliveryQueue: sqs.IQueue;
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  readonly alarms: cloudwatch.IAlarm[];
}

/** Outcomes of `message.decided` (DESIGN §3); each is a value of the `outcome` dimension of `Decided`. */
export const DECISION_OUTCOMES = ['send', 'suppressed', 'deferred'] as const;

const PERIOD = Duration.minutes(5);
/** Outcomes arrive over days (attribution windows), so their widgets sum by the hour. */
const OUTCOME_PERIOD = Duration.hours(1);
/** Values of the `arm` dimension of Exposed, Converted and Revenue (core/customer/outbox.ts `ConversionArm`). */
export const ARMS = ['messaged', 'held-back', 'unmessaged'] as const;
const WIDTH = 8;

/** One page that answers "is it flowing, what is it deciding, is anything stuck or failing?". */
export class OperationsDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { functions } = props;
    // Decided carries {service, journey, outcome} and Sent/Failed {service, journey, channel} (functions/app): a
    // metric query must name every dimension, so these sum a SEARCH over all journeys (and channels).
    const total = (
      label: string,
      metricName: string,
      fn: JourneyFunction,
      dimensions: string,
      filter = '',
      period = PERIOD,
    ) =>
      new cloudwatch.MathExpression({
        label,
        expression: `SUM(SEARCH('{${METRICS_NAMESPACE},${dimensions}} MetricName="${metricName}" service="${fn.serviceName}"${filter}', 'Sum', ${period.toSeconds()}))`,
        period,
      });
    const byArm = (metricName: string, dimensions: string, arms: readonly string[] = ARMS) =>
      arms.map((arm) => total(arm, metricName, functions.ingest, dimensions, ` arm="${arm}"`, OUTCOME_PERIOD));
    const byVariant = (metricName: string) =>
      new cloudwatch.MathExpression({
        label: '',
        expression: `SEARCH('{${METRICS_NAMESPACE},journey,service,split,variant} MetricName="${metricName}" service="${functions.ingest.serviceName}"', 'Sum', ${OUTCOME_PERIOD.toSeconds()})`,
        period: OUTCOME_PERIOD,
      });
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: 6 });
    const each = <T>(record: Record<string, T>, metric: (label: string, value: T) => cloudwatch.IMetric) =>
      Object.entries(record).map(([label, value]) => metric(label, value));

    const eventsIn = [...props.rules].map(
      ([detailType, rule]) =>
        new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'MatchedEvents',
          dimensionsMap: { EventBusName: props.bus.eventBusName, RuleName: rule.ruleName },
          statistic: cloudwatch.Stats.SUM,
          period: PERIOD,
          label: detailType,
        }),
    );
    const decisions = DECISION_OUTCOMES.map((outcome) =>
      total(outcome, METRIC.decided, functions.ingest, 'journey,outcome,service', ` outcome="${outcome}"`),
    );
    const oldest = (queue: sqs.IQueue, label: string) =>
      queue.metricApproximateAgeOfOldestMessage({ statistic: cloudwatch.Stats.MAXIMUM, period: PERIOD, label });
    const sweepLag = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: METRIC.sweepLagSeconds,
      dimensionsMap: { service: functions.sweeper.serviceName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          graph('Events in, by detail-type', eventsIn),
          graph('Decisions by outcome', decisions),
          graph('Messages sent / failed', [
            total('sent', METRIC.sent, functions.deliver, 'channel,journey,service'),
            total('failed', METRIC.failed, functions.deliver, 'channel,journey,service'),
          ]),
        ],
        [
          graph(
            'Dead-letter queue depth',
            each(props.deadLetterQueues, (label, queue) =>
              queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, label }),
            ),
          ),
          graph('Age of oldest message (s)', [
            oldest(props.ingestQueue, 'ingest'),
            oldest(props.deliveryQueue, 'delivery'),
          ]),
          graph('Sweeper lag (s)', [sweepLag]),
        ],
        [
          graph(
            'Lambda errors',
            each(functions, (label, fn) => fn.metricErrors({ period: PERIOD, label })),
          ),
          graph(
            'Lambda throttles',
            each(functions, (label, fn) => fn.metricThrottles({ period: PERIOD, label })),
          ),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: WIDTH, height: 6 }),
        ],
        [
          new cloudwatch.TextWidget({
            markdown:
              '### Outcomes\nEntries **exposed** at their first message sent (messaged) or held back (held-back), ' +
              'and the **conversions** and **revenue** of each arm, by the hour. Conversions arrive up to the ' +
              'attribution window after exposure, so compare arms over days: `npm run report -- --table <name>` ' +
              'computes lift with 95 % intervals from the same data.',
            width: 24,
            height: 2,
          }),
        ],
        [
          graph('Entries exposed, by arm', byArm(METRIC.exposed, 'arm,journey,service', ['messaged', 'held-back'])),
          graph('Conversions, by arm', byArm(METRIC.converted, 'arm,journey,service')),
          graph('Revenue attributed, by arm', byArm(METRIC.revenue, 'arm,currency,journey,service')),
        ],
        [
          graph('Entries exposed, by A/B variant', [byVariant(METRIC.exposedByVariant)]),
          graph('Conversions, by A/B variant', [byVariant(METRIC.convertedByVariant)]),
        ],
      ],
    });
  }
}
