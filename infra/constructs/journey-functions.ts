import { Duration, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { EnvironmentKey } from '../../core/contracts/environment.ts';
import { publishedTypes } from '../../core/contracts/published-events.ts';
import { EMPTY_LIFECYCLE_DOCUMENT, formatLifecycleDocument } from '../../core/journey-runtime/lifecycle.ts';
import { type ChannelSettings, grantChannels } from './channel-permissions.ts';
import type { Encryption } from './encryption.ts';
import { type FunctionName, JourneyFunction, type JourneyFunctionProps } from './journey-function.ts';
import type { JourneyQueues } from './journey-queues.ts';
import type { JourneyTables } from './journey-tables.ts';
import { acknowledge, arnInFinding } from './nag.ts';

export interface JourneyFunctionsProps extends ChannelSettings {
  readonly stage: string;
  readonly logRetention: logs.RetentionDays;
  readonly decisionRetentionDays: number;
  readonly webhookUrl?: string;
  readonly solapiApiKey?: string;
  readonly solapiSenderNumber?: string;
  readonly kakaoPfId?: string;
  readonly senderName?: string;
  readonly senderContact?: string;
  readonly senderOptOut?: string;
  readonly senderPostalAddress?: string;
  readonly shopUrl?: string;
  /** @default - the functions' default (`PUBLISHED_BY_DEFAULT`) */
  readonly outboundEventTypes?: string;
  readonly encryption: Encryption;
  readonly queues: JourneyQueues;
  readonly tables: JourneyTables;
  readonly bus: events.IEventBus;
  readonly exportBucket: s3.IBucket;
}

type Environment = Partial<Record<EnvironmentKey, string>>;

/** `deliver` renders Liquid templates read from `templates/` beside its bundle (its default `TEMPLATES_DIR`). */
const TEMPLATES_IN_BUNDLE: nodejs.ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [`cp -R "${inputDir}/journeys/templates" "${outputDir}/templates"`],
};

/** The five Lambda functions, their triggers, their environment and their permissions. */
export class JourneyFunctions extends Construct {
  public readonly ingest: JourneyFunction;
  public readonly sweeper: JourneyFunction;
  public readonly deliver: JourneyFunction;
  public readonly privacy: JourneyFunction;
  public readonly unsubscribe: JourneyFunction;
  /** The public one-click unsubscribe endpoint (RFC 8058) promotional email links to. */
  public readonly unsubscribeUrl: lambda.FunctionUrl;
  public readonly sweeperSchedule: scheduler.Schedule;
  /**
   * The journeys' lifecycle (paused, stopped), changed by operators with `npm run journeys -- … --parameter`. The
   * template's value never changes, so a deploy leaves what operators set in place.
   */
  public readonly lifecycleParameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: JourneyFunctionsProps) {
    super(scope, id);
    const { encryption, queues, tables, bus, outboundEventTypes } = props;
    publishedTypes(outboundEventTypes); // a misspelled detail-type fails the synth, not the first event
    const make = (name: FunctionName, environment: Environment, extra: Partial<JourneyFunctionProps> = {}) =>
      new JourneyFunction(this, pascal(name), {
        name,
        logRetention: props.logRetention,
        description: `Journey orchestrator ${name} (${props.stage})`,
        environment,
        ...extra,
      });
    const fromQueue = (queue: sqs.IQueue) =>
      new sources.SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(2),
        reportBatchItemFailures: true,
      });
    const decisionRetentionDays = String(props.decisionRetentionDays);
    this.lifecycleParameter = new ssm.StringParameter(this, 'JourneyLifecycle', {
      description: 'Paused and stopped journeys (JSON); change it with npm run journeys',
      stringValue: formatLifecycleDocument(EMPTY_LIFECYCLE_DOCUMENT),
    });

    this.ingest = make('ingest', {
      tableName: tables.table.tableName,
      eventBusName: bus.eventBusName,
      outboundEventTypes,
      deliveryQueueUrl: queues.delivery.queueUrl,
      rejectedQueueUrl: queues.rejected.queueUrl,
      privacyQueueUrl: queues.privacy.queueUrl,
      customerKeysTableName: tables.customerKeysTable.tableName,
      contactPublicKeyParameter: encryption.contactPublicKey.parameterName,
      pseudonymKeyParameter: encryption.pseudonymSecret.secretArn,
      decisionRetentionDays,
      journeyLifecycleParameter: this.lifecycleParameter.parameterName,
    });
    this.ingest.addEventSource(fromQueue(queues.ingest));
    tables.table.grantReadWriteData(this.ingest);
    bus.grantPutEventsTo(this.ingest);
    queues.delivery.grantSendMessages(this.ingest);
    queues.rejected.grantSendMessages(this.ingest);
    queues.privacy.grantSendMessages(this.ingest);
    // Ingest creates customer keys (wrapped with the public key) and may never read or delete one.
    tables.customerKeysTable.grant(this.ingest, 'dynamodb:PutItem');
    tables.customerKeysTable.encryptionKey?.grantEncrypt(this.ingest);
    encryption.contactPublicKey.grantRead(this.ingest);
    encryption.pseudonymSecret.grantRead(this.ingest);
    this.lifecycleParameter.grantRead(this.ingest);

    this.sweeper = make(
      'sweeper',
      { tableName: tables.table.tableName, ingestQueueUrl: queues.ingest.queueUrl },
      { reservedConcurrentExecutions: 1 },
    );
    tables.table.grantReadData(this.sweeper);
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
      // A missed tick is covered by the next one: every customer whose wake time has passed is found again.
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

    const sender = {
      senderName: props.senderName,
      senderContact: props.senderContact,
      shopUrl: props.shopUrl,
    };
    // Public by design: a mail client's one-click POST carries no credentials. The token is the authorisation; the
    // function can only put consent withdrawals on the ingest queue, and reserved concurrency bounds abuse.
    this.unsubscribe = make(
      'unsubscribe',
      { ingestQueueUrl: queues.ingest.queueUrl, unsubscribeSecret: encryption.unsubscribeSecret.secretArn, ...sender },
      { reservedConcurrentExecutions: 5 },
    );
    this.unsubscribeUrl = this.unsubscribe.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    queues.ingest.grantSendMessages(this.unsubscribe);
    encryption.unsubscribeSecret.grantRead(this.unsubscribe);

    this.deliver = make(
      'deliver',
      {
        tableName: tables.table.tableName,
        idempotencyTableName: tables.idempotencyTable.tableName,
        eventBusName: bus.eventBusName,
        outboundEventTypes,
        customerKeysTableName: tables.customerKeysTable.tableName,
        contactKeyPairSecret: encryption.contactKeyPair.secretArn,
        senderEmail: props.senderEmail,
        sesConfigurationSet: props.sesConfigurationSet,
        smsOriginationIdentity: props.smsOriginationIdentity,
        webhookUrl: props.webhookUrl,
        webhookSecretParameter: props.webhookSecretParameterName,
        solapiApiKey: props.solapiApiKey,
        solapiSecretParameter: props.solapiSecretParameterName,
        solapiSenderNumber: props.solapiSenderNumber,
        kakaoPfId: props.kakaoPfId,
        senderName: props.senderName,
        senderContact: props.senderContact,
        senderOptOut: props.senderOptOut,
        senderPostalAddress: props.senderPostalAddress,
        shopUrl: props.shopUrl,
        unsubscribeUrl: this.unsubscribeUrl.url,
        unsubscribeSecret: encryption.unsubscribeSecret.secretArn,
        decisionRetentionDays,
      },
      { bundling: { commandHooks: TEMPLATES_IN_BUNDLE } },
    );
    this.deliver.addEventSource(fromQueue(queues.delivery));
    tables.table.grantReadWriteData(this.deliver);
    tables.idempotencyTable.grantReadWriteData(this.deliver);
    tables.customerKeysTable.grantReadData(this.deliver);
    encryption.contactKeyPair.grantRead(this.deliver);
    encryption.unsubscribeSecret.grantRead(this.deliver);
    bus.grantPutEventsTo(this.deliver);
    grantChannels(this.deliver, props);

    this.privacy = make('privacy', {
      tableName: tables.table.tableName,
      eventBusName: bus.eventBusName,
      outboundEventTypes,
      dataKeyArn: encryption.dataKey.keyArn,
      customerKeysTableName: tables.customerKeysTable.tableName,
      contactKeyPairSecret: encryption.contactKeyPair.secretArn,
      exportBucket: props.exportBucket.bucketName,
      decisionRetentionDays,
    });
    this.privacy.addEventSource(fromQueue(queues.privacy));
    tables.table.grantReadWriteData(this.privacy);
    tables.customerKeysTable.grantReadWriteData(this.privacy);
    encryption.contactKeyPair.grantRead(this.privacy);
    encryption.dataKey.grantDecrypt(this.privacy);
    props.exportBucket.grantPut(this.privacy);
    bus.grantPutEventsTo(this.privacy);
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
      if (fn === this.unsubscribe) continue; // no table access at all
      acknowledge(
        fn,
        'Table grants include the table\'s indexes; the sweeper queries the sparse "wake" GSI.',
        `AwsSolutions-IAM5[Resource::${arnInFinding(tables.table)}/index/*]`,
      );
    }
  }

  public get all(): Record<FunctionName, JourneyFunction> {
    return {
      ingest: this.ingest,
      sweeper: this.sweeper,
      deliver: this.deliver,
      privacy: this.privacy,
      unsubscribe: this.unsubscribe,
    };
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
