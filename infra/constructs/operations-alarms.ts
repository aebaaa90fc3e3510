import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '../../core/contracts/metrics.ts';
import type { FunctionName, JourneyFunction } from './journey-function.ts';

export interface OperationsAlarmsProps {
  /** Key that encrypts the alarm topic. */
  readonly key: kms.IKey;
  readonly functions: Record<FunctionName, JourneyFunction>;
  readonly ingestQueue: sqs.IQueue;
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /**
   * Email address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Sweeper lag, in seconds, above which timers are considered late.
   * @default 180
   */
  readonly sweepLagThresholdSeconds?: number;
  /**
   * Error rate, in percent of invocations, above which a function alarms.
   * @default 5
   */
  readonly errorRatePercent?: number;
  /**
   * Age of the oldest ingest message above which ingest is considered stuck.
   * @default Duration.minutes(5)
   */
  readonly ingestMaxAge?: Duration;
}

/** Alarms that page when work is lost, late or failing, all notifying one encrypted topic. */
export class OperationsAlarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Journey orchestrator alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);
    const add = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, alarmProps);
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      this.alarms.push(alarm);
    };

    for (const [label, queue] of Object.entries(props.deadLetterQueues)) {
      add(`${label}DlqNotEmpty`, {
        alarmDescription: `Messages are waiting in the ${label} dead-letter queue`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(1),
        }),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    add('SweeperLag', {
      alarmDescription: 'Timers fire late: the sweeper is behind or not running',
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.sweepLagSeconds,
        dimensionsMap: { service: props.functions.sweeper.serviceName },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: props.sweepLagThresholdSeconds ?? 180,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    const errorRate = props.errorRatePercent ?? 5;
    for (const [name, fn] of Object.entries(props.functions)) {
      add(`${name}ErrorRate`, {
        alarmDescription: `More than ${errorRate}% of ${name} invocations fail`,
        metric: new cloudwatch.MathExpression({
          label: `${name} error rate (%)`,
          expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
          usingMetrics: {
            errors: fn.metricErrors({ statistic: cloudwatch.Stats.SUM }),
            invocations: fn.metricInvocations({ statistic: cloudwatch.Stats.SUM }),
          },
          period: Duration.minutes(5),
        }),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: errorRate,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    const ingestMaxAge = props.ingestMaxAge ?? Duration.minutes(5);
    add('IngestBacklog', {
      alarmDescription: `The oldest ingest message is older than ${ingestMaxAge.toHumanString()}`,
      metric: props.ingestQueue.metricApproximateAgeOfOldestMessage({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: ingestMaxAge.toSeconds(),
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
