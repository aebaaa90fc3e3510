import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { routeTable } from '../core/routes.ts';
import { registry } from '../journeys/index.ts';
import { Encryption } from './constructs/encryption.ts';
import { EventRouting } from './constructs/event-routing.ts';
import { ExportBucket } from './constructs/export-bucket.ts';
import { FUNCTION_TIMEOUTS } from './constructs/journey-function.ts';
import { JourneyFunctions } from './constructs/journey-functions.ts';
import { JourneyQueues } from './constructs/journey-queues.ts';
import { JourneyTables } from './constructs/journey-tables.ts';
import { OperationsAlarms } from './constructs/operations-alarms.ts';
import { OperationsDashboard } from './constructs/operations-dashboard.ts';
import { resolveStageConfig, type StageConfig } from './stage-config.ts';

export interface JourneyOrchestratorStackProps extends StackProps, StageConfig {}

/** The whole orchestrator of one stage: bus, queues, table, keys, functions, dashboard and alarms. */
export class JourneyOrchestratorStack extends Stack {
  public readonly encryption: Encryption;
  public readonly queues: JourneyQueues;
  public readonly routing: EventRouting;
  public readonly tables: JourneyTables;
  public readonly exports: ExportBucket;
  public readonly functions: JourneyFunctions;
  public readonly alarms: OperationsAlarms;
  public readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: JourneyOrchestratorStackProps = {}) {
    super(scope, id, props);
    const config = resolveStageConfig(props);
    const logRetention = retentionDays(config.logRetentionDays);

    this.encryption = new Encryption(this, 'Encryption', { aliasPrefix: config.keyAliasPrefix });
    this.queues = new JourneyQueues(this, 'Queues', {
      key: this.encryption.storageKey,
      visibilityTimeouts: {
        ingest: visibilityTimeout(FUNCTION_TIMEOUTS.ingest),
        delivery: visibilityTimeout(FUNCTION_TIMEOUTS.deliver),
        privacy: visibilityTimeout(FUNCTION_TIMEOUTS.privacy),
      },
    });
    this.routing = new EventRouting(this, 'Routing', {
      busName: config.busName,
      archiveRetentionDays: config.archiveRetentionDays,
      routes: routeTable(registry),
      ingestQueue: this.queues.ingest,
      targetDeadLetterQueue: this.queues.busTargetDlq,
    });
    this.tables = new JourneyTables(this, 'Tables', {
      key: this.encryption.storageKey,
      deletionProtection: config.deletionProtection,
    });
    this.exports = new ExportBucket(this, 'Exports', {
      key: this.encryption.dataKey,
      expiryDays: config.exportExpiryDays,
    });
    this.functions = new JourneyFunctions(this, 'Functions', {
      ...config,
      logRetention,
      encryption: this.encryption,
      queues: this.queues,
      tables: this.tables,
      bus: this.routing.bus,
      exportBucket: this.exports.bucket,
    });

    this.alarms = new OperationsAlarms(this, 'Alarms', {
      key: this.encryption.storageKey,
      functions: this.functions.all,
      ingestQueue: this.queues.ingest,
      deadLetterQueues: this.queues.deadLetterQueues,
      alarmEmail: config.alarmEmail,
    });
    const dashboardName = `journeys-${config.stage}`;
    this.dashboard = new OperationsDashboard(this, 'Dashboard', {
      dashboardName,
      bus: this.routing.bus,
      rules: this.routing.rules,
      functions: this.functions.all,
      ingestQueue: this.queues.ingest,
      deliveryQueue: this.queues.delivery,
      deadLetterQueues: this.queues.deadLetterQueues,
      alarms: this.alarms.alarms,
    });

    new CfnOutput(this, 'EventBusName', { value: this.routing.bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: this.tables.table.tableName });
    new CfnOutput(this, 'JourneyLifecycleParameter', { value: this.functions.lifecycleParameter.parameterName });
    new CfnOutput(this, 'ExportBucketName', { value: this.exports.bucket.bucketName });
    new CfnOutput(this, 'UnsubscribeUrl', { value: this.functions.unsubscribeUrl.url });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${dashboardName}`,
    });
  }
}

/** Six times the consumer's timeout: AWS guidance for queues feeding Lambda, so retries are not redelivered early. */
function visibilityTimeout(functionTimeout: Duration): Duration {
  return Duration.seconds(functionTimeout.toSeconds() * 6);
}

function retentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((value) => typeof value === 'number');
  if (!allowed.includes(days)) {
    throw new Error(`logRetentionDays ${days} is not a CloudWatch Logs retention; use one of ${allowed.join(', ')}`);
  }
  return days as logs.RetentionDays;
}
