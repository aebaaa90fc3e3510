import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type ChannelSettings, grantChannels } from './channel-permissions.ts';
import type { Encryption } from './encryption.ts';
import {
  type EnvironmentName,
  type FunctionName,
  JourneyFunction,
  type JourneyFunctionProps,
} from './journey-function.ts';
import type { JourneyQueues } from './journey-queues.ts';
import type { JourneyTables } from './journey-tables.ts';
import { acknowledge, arnInFinding } from './nag.ts';

export interface JourneyFunctionsProps extends ChannelSettings {
  readonly stage: string;
  readonly logRetention: logs.RetentionDays;
  readonly decisionRetentionDays: number;
  readonly webhookUrl?: string;
  readonly senderName?: string;
  readonly senderContact?: string;
  readonly senderOptOut?: string;
  readonly shopUrl?: string;
  readonly encryption: Encryption;
  readonly queues: JourneyQueues;
  readonly tables: JourneyTables;
  readonly bus: events.IEventBus;
  readonly exportBucket: s3.IBucket;
}

type Environment = Partial<Record<EnvironmentName, string>>;

/** `deliver` renders Liquid templates read from `templates/` beside its bundle (its default `TEMPLATES_DIR`). */
const TEMPLATES_IN_BUNDLE: nodejs.ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [`cp -R "${inputDir}/journeys/templates" "${outputDir}/templates"`],
};

/** The four Lambda functions, their triggers, their environment and their permissions. */
export class JourneyFunctions extends Construct {
  public readonly ingest: JourneyFunction;
  public readonly sweeper: JourneyFunction;
  public readonly deliver: JourneyFunction;
  public readonly privacy: JourneyFunction;
  public readonly sweeperSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: JourneyFunctionsProps) {
    super(scope, id);
    const { encryption, queues, tables, bus } = props;
    const make = (name: FunctionName, environment: Environment, extra: Partial<JourneyFunctionProps> = {}) =>
      new JourneyFunction(this, pascal(name), {
        name,
        logRetention: props.logRetention,
        description: `Journey orchestrator ${name} (${props.stage})`,
        environment: defined(environment),
        ...extra,
      });
    const fromQueue = (queue: sqs.IQueue) =>
      new sources.SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(2),
        reportBatchItemFailures: true,
      });
    const decisionRetentionDays = String(props.decisionRetentionDays);

    this.ingest = make('ingest', {
      TABLE_NAME: tables.table.tableName,
      EVENT_BUS_NAME: bus.eventBusName,
      DELIVERY_QUEUE_URL: queues.delivery.queueUrl,
      REJECTED_QUEUE_URL: queues.rejected.queueUrl,
      PRIVACY_QUEUE_URL: queues.privacy.queueUrl,
      DATA_KEY_ARN: encryption.dataKey.keyArn,
      PSEUDONYM_KEY_PARAMETER: encryption.pseudonymSecret.secretArn,
      DECISION_RETENTION_DAYS: decisionRetentionDays,
    });
    this.ingest.addEventSource(fromQueue(queues.ingest));
    tables.table.grantReadWriteData(this.ingest);
    bus.grantPutEventsTo(this.ingest);
    queues.delivery.grantSendMessages(this.ingest);
    queues.rejected.grantSendMessages(this.ingest);
    queues.privacy.grantSendMessages(this.ingest);
    encryption.dataKey.grantEncrypt(this.ingest);
    encryption.pseudonymSecret.grantRead(this.ingest);

    this.sweeper = make(
      'sweeper',
      { TABLE_NAME: tables.table.tableName, INGEST_QUEUE_URL: queues.ingest.queueUrl },
      { reservedConcurrentExecutions: 1 },
    );
    grantReadAndPut(tables.table, this.sweeper);
    queues.ingest.grantSendMessages(this.sweeper);
    const scheduleRole = new iam.Role(this, 'SweeperScheduleRole', {
      description: 'Lets EventBridge Scheduler invoke the sweeper, and nothing else',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.sweeperSchedule = new scheduler.Schedule(this, 'SweeperSchedule', {
      description: 'Enqueues timer.due for every customer whose wakeAt has passed',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(1)),
      // A missed tick is covered by the next one: the sweeper resumes from its checkpoint.
      target: new schedulerTargets.LambdaInvoke(this.sweeper, {
        role: scheduleRole,
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });
    acknowledge(
      scheduleRole,
      'grantInvoke also covers the versions and aliases of the sweeper (`<arn>:*`); it is still this one function.',
      `AwsSolutions-IAM5[Resource::${arnInFinding(this.sweeper)}:*]`,
    );

    this.deliver = make(
      'deliver',
      {
        TABLE_NAME: tables.table.tableName,
        IDEMPOTENCY_TABLE_NAME: tables.idempotencyTable.tableName,
        EVENT_BUS_NAME: bus.eventBusName,
        DATA_KEY_ARN: encryption.dataKey.keyArn,
        SENDER_EMAIL: props.senderEmail,
        SES_CONFIGURATION_SET: props.sesConfigurationSet,
        SMS_ORIGINATION_IDENTITY: props.smsOriginationIdentity,
        WEBHOOK_URL: props.webhookUrl,
        WEBHOOK_SECRET_PARAMETER: props.webhookSecretParameterName,
        SENDER_NAME: props.senderName,
        SENDER_CONTACT: props.senderContact,
        SENDER_OPT_OUT: props.senderOptOut,
        SHOP_URL: props.shopUrl,
        DECISION_RETENTION_DAYS: decisionRetentionDays,
      },
      { bundling: { commandHooks: TEMPLATES_IN_BUNDLE } },
    );
    this.deliver.addEventSource(fromQueue(queues.delivery));
    tables.table.grantReadWriteData(this.deliver);
    tables.idempotencyTable.grantReadWriteData(this.deliver);
    encryption.dataKey.grantDecrypt(this.deliver);
    bus.grantPutEventsTo(this.deliver);
    grantChannels(this.deliver, props);

    this.privacy = make('privacy', {
      TABLE_NAME: tables.table.tableName,
      EVENT_BUS_NAME: bus.eventBusName,
      DATA_KEY_ARN: encryption.dataKey.keyArn,
      PSEUDONYM_KEY_PARAMETER: encryption.pseudonymSecret.secretArn,
      EXPORT_BUCKET: props.exportBucket.bucketName,
      REJECTED_QUEUE_URL: queues.rejected.queueUrl,
      DECISION_RETENTION_DAYS: decisionRetentionDays,
    });
    this.privacy.addEventSource(fromQueue(queues.privacy));
    queues.rejected.grantSendMessages(this.privacy);
    tables.table.grantReadWriteData(this.privacy);
    encryption.dataKey.grantDecrypt(this.privacy);
    props.exportBucket.grantPut(this.privacy);
    bus.grantPutEventsTo(this.privacy);
    encryption.pseudonymSecret.grantRead(this.privacy);
    acknowledge(
      this.privacy,
      'bucket.grantPut allows s3:Abort* (abandoning its own multipart uploads) on objects of the export bucket only; ' +
        'each export gets a new key, so the object name is unknown at deploy time.',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      `AwsSolutions-IAM5[Resource::${arnInFinding(props.exportBucket)}/*]`,
    );

    for (const fn of Object.values(this.all)) {
      acknowledge(
        fn,
        'KMS grant methods (table, queue and data-key grants) use kms:GenerateDataKey* and kms:ReEncrypt*; the ' +
          "statements are limited to this stack's keys.",
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      );
      acknowledge(
        fn,
        'Table grants include the table\'s indexes; the sweeper queries the sparse "wake" GSI.',
        `AwsSolutions-IAM5[Resource::${arnInFinding(tables.table)}/index/*]`,
      );
    }
  }

  public get all(): Record<FunctionName, JourneyFunction> {
    return { ingest: this.ingest, sweeper: this.sweeper, deliver: this.deliver, privacy: this.privacy };
  }
}

/** Reads and single puts (its checkpoint item), but no update, delete or batch write of customer data. */
function grantReadAndPut(table: dynamodb.Table, grantee: iam.IGrantable): void {
  table.grantReadData(grantee);
  table.grant(grantee, 'dynamodb:PutItem');
  table.encryptionKey?.grantEncrypt(grantee);
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function defined(environment: Environment): Environment {
  return Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined));
}
