import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../core/contracts/environment.ts';
import type { JourneyFunction } from '../../infra/constructs/journey-function.ts';
import { allows, arnOf, FULL_CONFIG, refTo, type Synthesized, statementsOfRole, synth } from './synth.ts';

const COMMON = ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'];
/** Local-only override: on Lambda, deliver reads the templates bundled beside its code. */
const UNSET_ON_LAMBDA = ['TEMPLATES_DIR'];
const EXPECTED_ENVIRONMENT = {
  ingest: [
    'TABLE_NAME',
    'EVENT_BUS_NAME',
    'DELIVERY_QUEUE_URL',
    'REJECTED_QUEUE_URL',
    'PRIVACY_QUEUE_URL',
    'CUSTOMER_KEYS_TABLE_NAME',
    'CONTACT_PUBLIC_KEY_PARAMETER',
    'PSEUDONYM_KEY_PARAMETER',
    'DECISION_RETENTION_DAYS',
    'JOURNEY_LIFECYCLE_PARAMETER',
    'OUTBOUND_EVENT_TYPES',
  ],
  sweeper: ['TABLE_NAME', 'INGEST_QUEUE_URL'],
  deliver: [
    'TABLE_NAME',
    'IDEMPOTENCY_TABLE_NAME',
    'EVENT_BUS_NAME',
    'CUSTOMER_KEYS_TABLE_NAME',
    'CONTACT_KEY_PAIR_SECRET',
    'SENDER_EMAIL',
    'SES_CONFIGURATION_SET',
    'SMS_ORIGINATION_IDENTITY',
    'WEBHOOK_URL',
    'WEBHOOK_SECRET_PARAMETER',
    'SOLAPI_API_KEY',
    'SOLAPI_SECRET_PARAMETER',
    'SOLAPI_SENDER_NUMBER',
    'KAKAO_PF_ID',
    'SENDER_NAME',
    'SENDER_CONTACT',
    'SENDER_OPT_OUT',
    'SENDER_POSTAL_ADDRESS',
    'SHOP_URL',
    'UNSUBSCRIBE_URL',
    'UNSUBSCRIBE_SECRET',
    'DECISION_RETENTION_DAYS',
    'OUTBOUND_EVENT_TYPES',
  ],
  privacy: [
    'TABLE_NAME',
    'EVENT_BUS_NAME',
    'DATA_KEY_ARN',
    'CUSTOMER_KEYS_TABLE_NAME',
    'CONTACT_KEY_PAIR_SECRET',
    'EXPORT_BUCKET',
    'DECISION_RETENTION_DAYS',
    'OUTBOUND_EVENT_TYPES',
  ],
  unsubscribe: ['INGEST_QUEUE_URL', 'UNSUBSCRIBE_SECRET', 'SENDER_NAME', 'SENDER_CONTACT', 'SHOP_URL'],
} as const;
type Name = keyof typeof EXPECTED_ENVIRONMENT;
interface FunctionProperties {
  Environment: { Variables: Record<string, unknown> };
  LoggingConfig: { LogGroup: { Ref: string } };
  Timeout: number;
  [property: string]: unknown;
}
const NAMES = Object.keys(EXPECTED_ENVIRONMENT) as Name[];

describe('journey functions', () => {
  let s: Synthesized;
  let resource: (fn: JourneyFunction) => { Properties: FunctionProperties };
  let environment: (name: Name) => Record<string, unknown>;
  let statements: (name: Name) => ReturnType<typeof statementsOfRole>;
  beforeAll(() => {
    s = synth(FULL_CONFIG);
    resource = (fn) => s.template.toJSON().Resources[s.id(fn)];
    environment = (name) => resource(s.stack.functions.all[name]).Properties.Environment.Variables;
    statements = (name) => statementsOfRole(s.template, s.id(s.stack.functions.all[name].role!));
  });

  it('runs all five on Node 22, arm64, 512 MB, with active tracing', () => {
    s.template.resourceCountIs('AWS::Lambda::Function', 5);
    for (const name of NAMES) {
      expect(resource(s.stack.functions.all[name]).Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
  });

  it('bundles each function into one minified ESM file for Node 22, the AWS SDK included (decision 0007)', () => {
    for (const name of NAMES) {
      expect(s.stack.functions.all[name].bundlingOptions).toMatchObject({
        format: 'esm',
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        externalModules: [],
        esbuildArgs: { '--charset': 'utf8' },
      });
    }
    expect(s.stack.functions.deliver.bundlingOptions.commandHooks).toBeDefined();
  });

  it('writes source maps without sources beside the bundles and never loads them at run time', () => {
    for (const name of NAMES) {
      expect(s.stack.functions.all[name].bundlingOptions).toMatchObject({ sourceMap: true, sourcesContent: false });
      expect(environment(name)).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  it('logs each function to its own log group kept 90 days', () => {
    for (const name of NAMES) {
      const logGroupId = resource(s.stack.functions.all[name]).Properties.LoggingConfig.LogGroup.Ref;
      expect(s.template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(90);
    }
  });

  it('gives each function exactly the environment variables it needs, all from the contract', () => {
    const contract: string[] = Object.values(ENV).filter((name) => !UNSET_ON_LAMBDA.includes(name));
    for (const name of NAMES) {
      expect(Object.keys(environment(name)).sort()).toEqual([...EXPECTED_ENVIRONMENT[name], ...COMMON].sort());
    }
    const used = new Set(
      NAMES.flatMap((name) => Object.keys(environment(name))).filter((key) => !COMMON.includes(key)),
    );
    expect([...used].sort()).toEqual(contract.sort());
  });

  it('points the environment at the stack resources', () => {
    const { tables, queues, encryption, routing, exports } = s.stack;
    expect(environment('ingest')).toMatchObject({
      TABLE_NAME: refTo(s.id(tables.table)),
      EVENT_BUS_NAME: refTo(s.id(routing.bus)),
      DELIVERY_QUEUE_URL: refTo(s.id(queues.delivery)),
      REJECTED_QUEUE_URL: refTo(s.id(queues.rejected)),
      CUSTOMER_KEYS_TABLE_NAME: refTo(s.id(tables.customerKeysTable)),
      CONTACT_PUBLIC_KEY_PARAMETER: refTo(s.id(encryption.contactPublicKey)),
      PSEUDONYM_KEY_PARAMETER: refTo(s.id(encryption.pseudonymSecret)),
      DECISION_RETENTION_DAYS: '400',
      JOURNEY_LIFECYCLE_PARAMETER: refTo(s.id(s.stack.functions.lifecycleParameter)),
      POWERTOOLS_METRICS_NAMESPACE: 'JourneyOrchestrator',
    });
    expect(environment('sweeper')).toMatchObject({ INGEST_QUEUE_URL: refTo(s.id(queues.ingest)) });
    expect(environment('deliver')).toMatchObject({
      IDEMPOTENCY_TABLE_NAME: refTo(s.id(tables.idempotencyTable)),
      CONTACT_KEY_PAIR_SECRET: refTo(s.id(encryption.contactKeyPair)),
      SENDER_EMAIL: FULL_CONFIG.senderEmail,
      WEBHOOK_SECRET_PARAMETER: FULL_CONFIG.webhookSecretParameterName,
      SOLAPI_API_KEY: FULL_CONFIG.solapiApiKey,
      SOLAPI_SECRET_PARAMETER: FULL_CONFIG.solapiSecretParameterName,
      SOLAPI_SENDER_NUMBER: FULL_CONFIG.solapiSenderNumber,
      KAKAO_PF_ID: FULL_CONFIG.kakaoPfId,
    });
    expect(environment('privacy')).toMatchObject({ EXPORT_BUCKET: refTo(s.id(exports.bucket)) });
    for (const name of ['ingest', 'deliver', 'privacy'] as const) {
      expect(environment(name).OUTBOUND_EVENT_TYPES).toBe(FULL_CONFIG.outboundEventTypes);
    }
  });

  it('refuses to synthesize a stage that names an outbound detail-type there is not', () => {
    expect(() => synth({ outboundEventTypes: 'message.sent,journey.enterd' })).toThrow(/"journey.enterd"/);
  });

  it('feeds ingest, deliver and privacy from their queues in batches of 10 with partial batch failures', () => {
    s.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    const { queues, functions } = s.stack;
    for (const [fn, queue] of [
      [functions.ingest, queues.ingest],
      [functions.deliver, queues.delivery],
      [functions.privacy, queues.privacy],
    ] as const) {
      s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: refTo(s.id(fn)),
        EventSourceArn: arnOf(s.id(queue)),
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: Match.anyValue(),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('sets each consumed queue visibility timeout to at least six times its consumer timeout', () => {
    const { queues, functions } = s.stack;
    for (const [fn, queue] of [
      [functions.ingest, queues.ingest],
      [functions.deliver, queues.delivery],
      [functions.privacy, queues.privacy],
    ] as const) {
      const timeout = resource(fn).Properties.Timeout as number;
      const visibility = s.template.toJSON().Resources[s.id(queue)].Properties.VisibilityTimeout as number;
      expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    }
    expect(resource(functions.ingest).Properties.Timeout).toBe(30);
  });

  it('runs the sweeper every minute from EventBridge Scheduler, one instance at a time', () => {
    const sweeper = s.stack.functions.sweeper;
    expect(resource(sweeper).Properties).toMatchObject({ ReservedConcurrentExecutions: 1, Timeout: 60 });
    s.template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    const roleId = s.id(s.stack.functions.node.findChild('SweeperScheduleRole'));
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: arnOf(s.id(sweeper)), RoleArn: arnOf(roleId) }),
    });
    const scheduleStatements = statementsOfRole(s.template, roleId);
    expect(scheduleStatements.flatMap((statement) => statement.Action)).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(scheduleStatements)).toContain(`"${s.id(sweeper)}"`);
  });

  it('serves one-click unsubscribe from a public function URL that can only enqueue to ingest, with bounded concurrency', () => {
    const { unsubscribe, unsubscribeUrl } = s.stack.functions;
    s.template.resourceCountIs('AWS::Lambda::Url', 1);
    s.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: arnOf(s.id(unsubscribe)),
    });
    expect(resource(unsubscribe).Properties).toMatchObject({ ReservedConcurrentExecutions: 5, Timeout: 10 });
    expect(environment('deliver')).toMatchObject({
      UNSUBSCRIBE_URL: { 'Fn::GetAtt': [s.id(unsubscribeUrl), 'FunctionUrl'] },
      UNSUBSCRIBE_SECRET: refTo(s.id(s.stack.encryption.unsubscribeSecret)),
      SENDER_POSTAL_ADDRESS: FULL_CONFIG.senderPostalAddress,
    });
    expect(environment('unsubscribe')).toMatchObject({ INGEST_QUEUE_URL: refTo(s.id(s.stack.queues.ingest)) });
    const granted = statements('unsubscribe').flatMap((statement) => statement.Action);
    const services = new Set(granted.map((action) => String(action).split(':')[0]));
    expect([...services].sort()).toEqual(['kms', 'secretsmanager', 'sqs', 'xray']);
    expect(allows(statements('unsubscribe'), 'sqs:SendMessage', s.id(s.stack.queues.ingest))).toBe(true);
    expect(allows(statements('unsubscribe'), 'dynamodb:GetItem')).toBe(false);
    const secret = s.id(s.stack.encryption.unsubscribeSecret);
    expect(NAMES.filter((name) => allows(statements(name), 'secretsmanager:GetSecretValue', secret))).toEqual([
      'deliver',
      'unsubscribe',
    ]);
  });

  it('lets only deliver and privacy read the contact key pair; ingest gets the public key and may only add keys', () => {
    const { contactKeyPair, contactPublicKey, dataKey } = s.stack.encryption;
    const pair = s.id(contactKeyPair);
    expect(NAMES.filter((name) => allows(statements(name), 'secretsmanager:GetSecretValue', pair))).toEqual([
      'deliver',
      'privacy',
    ]);
    // deliver decrypts the key pair through Secrets Manager (the key policy's kms:ViaService grant); only privacy
    // decrypts with the data key itself (its exports).
    expect(NAMES.filter((name) => allows(statements(name), 'kms:Decrypt', s.id(dataKey)))).toEqual(['privacy']);
    expect(JSON.stringify(statements('ingest'))).toContain(s.id(contactPublicKey));
    const keysTable = s.id(s.stack.tables.customerKeysTable);
    expect(allows(statements('ingest'), 'dynamodb:PutItem', keysTable)).toBe(true);
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
      expect(allows(statements('ingest'), action, keysTable)).toBe(false);
    }
    expect(allows(statements('privacy'), 'dynamodb:BatchWriteItem', keysTable)).toBe(true);
    expect(JSON.stringify(statements('sweeper'))).not.toContain(keysTable);
  });

  it('lets the sweeper read the table, and never write to it', () => {
    const table = s.id(s.stack.tables.table);
    const sweeper = statements('sweeper');
    expect(allows(sweeper, 'dynamodb:Query', table)).toBe(true);
    for (const action of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ]) {
      expect(allows(sweeper, action)).toBe(false);
    }
  });

  it('lets only privacy write to the export bucket, and no other function touch S3', () => {
    const bucket = s.id(s.stack.exports.bucket);
    expect(NAMES.filter((name) => allows(statements(name), 's3:PutObject', bucket))).toEqual(['privacy']);
    expect(NAMES.filter((name) => JSON.stringify(statements(name)).includes('"s3:'))).toEqual(['privacy']);
  });

  it('grants the pseudonym secret to ingest only, and the idempotency table to deliver only', () => {
    const secret = s.id(s.stack.encryption.pseudonymSecret);
    expect(NAMES.filter((name) => allows(statements(name), 'secretsmanager:GetSecretValue', secret))).toEqual([
      'ingest',
    ]);
    const idempotency = s.id(s.stack.tables.idempotencyTable);
    expect(NAMES.filter((name) => allows(statements(name), 'dynamodb:PutItem', idempotency))).toEqual(['deliver']);
  });

  it('scopes SES to the sender identity and configuration set, and SSM to the webhook and SOLAPI secret parameters', () => {
    const deliver = statements('deliver');
    const ses = deliver.find((statement) => statement.Action === 'ses:SendEmail');
    expect(JSON.stringify(ses?.Resource)).toContain(':identity/news@shop.example');
    expect(JSON.stringify(ses?.Resource)).toContain(':configuration-set/journeys-events');
    expect(JSON.stringify(ses?.Resource)).not.toContain('*');
    const ssm = JSON.stringify(deliver.filter((statement) => statement.Action === 'ssm:GetParameter'));
    expect(ssm).toContain(':parameter/journeys/webhook-secret"');
    expect(ssm).toContain(':parameter/journeys/solapi-secret"');
    const sms = deliver.find((statement) => statement.Action === 'sms-voice:SendTextMessage');
    expect(sms?.Resource).toBe(FULL_CONFIG.smsOriginationIdentity);
    expect(NAMES.filter((name) => allows(statements(name), 'ses:SendEmail'))).toEqual(['deliver']);
  });

  it('creates the journey lifecycle parameter empty (every journey active) and lets only ingest read it', () => {
    const parameter = s.stack.functions.lifecycleParameter;
    const properties = s.template.toJSON().Resources[s.id(parameter)].Properties;
    expect(JSON.parse(properties.Value)).toEqual({ v: 1, journeys: {} });
    expect(NAMES.filter((name) => JSON.stringify(statements(name)).includes(s.id(parameter)))).toEqual(['ingest']);
    const grant = statements('ingest').find((statement) => JSON.stringify(statement).includes(s.id(parameter)));
    expect(JSON.stringify(grant?.Action)).not.toMatch(/PutParameter/);
  });

  it('uses Resource "*" only for X-Ray', () => {
    for (const name of NAMES) {
      const wildcard = statements(name).filter((statement) => statement.Resource === '*');
      expect(wildcard.flatMap((statement) => statement.Action)).toEqual([
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
      ]);
    }
  });
});

describe('journey functions without optional channels', () => {
  it('grants no SES, SMS or SSM access and sets no channel variables', () => {
    const s = synth();
    const deliver = s.stack.functions.deliver;
    const statements = statementsOfRole(s.template, s.id(deliver.role!));
    for (const action of ['ses:SendEmail', 'sms-voice:SendTextMessage', 'ssm:GetParameter']) {
      expect(allows(statements, action)).toBe(false);
    }
    const variables = s.template.toJSON().Resources[s.id(deliver)].Properties.Environment.Variables;
    expect(Object.keys(variables)).not.toContain('SENDER_EMAIL');
    expect(Object.keys(variables)).not.toContain('WEBHOOK_URL');
  });
});
