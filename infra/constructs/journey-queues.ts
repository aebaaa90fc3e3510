import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export interface JourneyQueuesProps {
  /** Key that encrypts every queue at rest. */
  readonly key: kms.IKey;
  /** Visibility timeout of each consumed queue; at least six times its consumer's timeout. */
  readonly visibilityTimeouts: { readonly ingest: Duration; readonly delivery: Duration; readonly privacy: Duration };
  /**
   * Receives after which a message moves to its queue's DLQ.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

const RETENTION = Duration.days(14);

/** The work queues with their DLQs, the rejected-events queue and the DLQ of the bus rule targets. */
export class JourneyQueues extends Construct {
  public readonly ingest: sqs.Queue;
  public readonly ingestDlq: sqs.Queue;
  public readonly delivery: sqs.Queue;
  public readonly deliveryDlq: sqs.Queue;
  public readonly privacy: sqs.Queue;
  public readonly privacyDlq: sqs.Queue;
  /** Contract violations with their reason; kept 14 days for inspection, never consumed. */
  public readonly rejected: sqs.Queue;
  /** Events EventBridge could not deliver to a rule target. */
  public readonly busTargetDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: JourneyQueuesProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    const queue = (name: string, extra: sqs.QueueProps = {}) =>
      new sqs.Queue(this, name, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        enforceSSL: true,
        ...extra,
      });
    const withDlq = (name: string, visibilityTimeout: Duration): [sqs.Queue, sqs.Queue] => {
      const dlq = queue(`${name}Dlq`, { retentionPeriod: RETENTION });
      const main = queue(name, { visibilityTimeout, deadLetterQueue: { queue: dlq, maxReceiveCount } });
      return [main, dlq];
    };

    [this.ingest, this.ingestDlq] = withDlq('Ingest', props.visibilityTimeouts.ingest);
    [this.delivery, this.deliveryDlq] = withDlq('Delivery', props.visibilityTimeouts.delivery);
    [this.privacy, this.privacyDlq] = withDlq('Privacy', props.visibilityTimeouts.privacy);

    this.rejected = queue('RejectedEvents', { retentionPeriod: RETENTION });
    acknowledge(
      this.rejected,
      'The rejected-events queue is itself the dead end for contract violations: nothing consumes it.',
      'AwsSolutions-SQS3',
    );
    this.busTargetDlq = queue('BusTargetDlq', { retentionPeriod: RETENTION });
    acknowledge(
      this.busTargetDlq,
      'This queue is the dead-letter queue of the EventBridge rule targets (DeadLetterConfig, not a redrive).',
      'AwsSolutions-SQS3',
    );
  }

  /** Every queue whose messages mean something went wrong, by a short label. */
  public get deadLetterQueues(): Record<string, sqs.Queue> {
    return {
      ingest: this.ingestDlq,
      delivery: this.deliveryDlq,
      privacy: this.privacyDlq,
      busTargets: this.busTargetDlq,
      rejected: this.rejected,
    };
  }
}
