import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../core/routes.ts';
import { registry } from '../../journeys/index.ts';
import { arnOf, refTo, type Synthesized, synth } from './synth.ts';

const FOURTEEN_DAYS = 14 * 24 * 3600;
const denyInsecureTransport = Match.objectLike({
  Effect: 'Deny',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

describe('JourneyOrchestratorStack', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth();
  });

  it('creates the custom bus "journeys" with an archive kept 7 days that holds no event carrying a contact', () => {
    s.template.resourceCountIs('AWS::Events::EventBus', 1);
    s.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'journeys' });
    s.template.resourceCountIs('AWS::Events::Archive', 1);
    s.template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: arnOf(s.id(s.stack.routing.bus)),
      RetentionDays: 7,
      EventPattern: Match.objectLike({ detail: { contact: [{ exists: false }] } }),
    });
  });

  it('routes every journey trigger and privacy request to the ingest queue with one rule per detail-type', () => {
    const routes = routeTable(registry);
    expect(routes.ingest).toEqual(expect.arrayContaining(['privacy.erasure_requested', 'privacy.export_requested']));
    s.template.resourceCountIs('AWS::Events::Rule', routes.ingest.length);
    const expectRule = (detailType: string, queueId: string) =>
      s.template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: refTo(s.id(s.stack.routing.bus)),
        EventPattern: Match.objectEquals({ 'detail-type': [detailType] }),
        Targets: [
          Match.objectLike({
            Arn: arnOf(queueId),
            DeadLetterConfig: { Arn: arnOf(s.id(s.stack.queues.busTargetDlq)) },
          }),
        ],
      });
    for (const detailType of routes.ingest) expectRule(detailType, s.id(s.stack.queues.ingest));
  });

  it('gives ingest, delivery and privacy a DLQ after 5 receives, kept 14 days', () => {
    const { queues } = s.stack;
    for (const [queue, dlq] of [
      [queues.ingest, queues.ingestDlq],
      [queues.delivery, queues.deliveryDlq],
      [queues.privacy, queues.privacyDlq],
    ] as const) {
      expect(s.template.toJSON().Resources[s.id(queue)].Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: arnOf(s.id(dlq)),
        maxReceiveCount: 5,
      });
      expect(s.template.toJSON().Resources[s.id(dlq)].Properties.MessageRetentionPeriod).toBe(FOURTEEN_DAYS);
    }
  });

  it('keeps rejected events 14 days in a queue nothing consumes', () => {
    const rejected = s.template.toJSON().Resources[s.id(s.stack.queues.rejected)];
    expect(rejected.Properties.MessageRetentionPeriod).toBe(FOURTEEN_DAYS);
    const mappings = Object.values(s.template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(JSON.stringify(mappings)).not.toContain(`"${s.id(s.stack.queues.rejected)}"`);
  });

  it('encrypts every queue with the storage key and refuses plain HTTP on each', () => {
    const queues = s.template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(8);
    const storageKey = arnOf(s.id(s.stack.encryption.storageKey));
    for (const [queueId, queue] of Object.entries(queues)) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(storageKey);
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [refTo(queueId)],
        PolicyDocument: { Statement: Match.arrayWith([denyInsecureTransport]) },
      });
    }
  });

  it('stores customers in one on-demand table with pk/sk, PITR, deletion protection, TTL and the storage key', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: arnOf(s.id(s.stack.encryption.storageKey)),
      },
    });
  });

  it('indexes due timers in a sparse keys-only GSI "wake" on wakeShard/wakeAt', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'wakeShard', AttributeType: 'S' },
        { AttributeName: 'wakeAt', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'wake',
          KeySchema: [
            { AttributeName: 'wakeShard', KeyType: 'HASH' },
            { AttributeName: 'wakeAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
  });

  it('keeps the send ledger in its own table keyed by id with TTL on expiration', () => {
    s.template.resourceCountIs('AWS::DynamoDB::Table', 3);
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: Match.objectLike({ KMSMasterKeyId: arnOf(s.id(s.stack.encryption.storageKey)) }),
    });
  });

  it('keeps the customer keys in a table without point-in-time recovery, so a destroyed key has no backup', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pseudonym', KeyType: 'HASH' },
        { AttributeName: 'keyId', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
      SSESpecification: Match.objectLike({ KMSMasterKeyId: arnOf(s.id(s.stack.encryption.storageKey)) }),
    });
  });

  it('creates the data and storage keys with rotation and their aliases', () => {
    s.template.resourceCountIs('AWS::KMS::Key', 2);
    const keys = Object.values(s.template.findResources('AWS::KMS::Key'));
    expect(keys.every((key) => key.Properties.EnableKeyRotation === true)).toBe(true);
    s.template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/journeys-data',
      TargetKeyId: arnOf(s.id(s.stack.encryption.dataKey)),
    });
    s.template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/journeys-storage',
      TargetKeyId: arnOf(s.id(s.stack.encryption.storageKey)),
    });
  });

  it('generates the 64-character pseudonym HMAC key in Secrets Manager under the storage key', () => {
    s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
      KmsKeyId: arnOf(s.id(s.stack.encryption.storageKey)),
    });
  });

  it('writes exports to a private, versioned, KMS-encrypted bucket that expires them after 30 days', () => {
    const { bucket, accessLogBucket } = s.stack.exports;
    s.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: arnOf(s.id(s.stack.encryption.dataKey)),
              },
            }),
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })],
        },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: refTo(s.id(accessLogBucket)) }),
      }),
    });
    for (const each of [bucket, accessLogBucket]) {
      s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: refTo(s.id(each)),
        PolicyDocument: { Statement: Match.arrayWith([denyInsecureTransport]) },
      });
    }
  });

  it('keeps the access-log bucket private too', () => {
    const accessLogs = s.template.toJSON().Resources[s.id(s.stack.exports.accessLogBucket)];
    expect(accessLogs.DeletionPolicy).toBe('Retain');
    expect(accessLogs.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('outputs the bus name, table name, export bucket and dashboard URL', () => {
    s.template.hasOutput('EventBusName', { Value: refTo(s.id(s.stack.routing.bus)) });
    s.template.hasOutput('TableName', { Value: refTo(s.id(s.stack.tables.table)) });
    s.template.hasOutput('ExportBucketName', { Value: refTo(s.id(s.stack.exports.bucket)) });
    s.template.hasOutput('DashboardUrl', {
      Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('dashboards:name=')])] }),
    });
  });
});

describe('JourneyOrchestratorStack with a custom stage', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({
      stage: 'prod',
      busName: 'shop-journeys',
      archiveRetentionDays: 30,
      deletionProtection: false,
      exportExpiryDays: 7,
      keyAliasPrefix: 'shop',
    });
  });

  it('uses the configured bus name, archive retention, key aliases and export expiry', () => {
    s.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'shop-journeys' });
    s.template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 30 });
    s.template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/shop-data' });
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] },
    });
  });

  it('turns deletion protection off when asked', () => {
    const tables = Object.values(s.template.findResources('AWS::DynamoDB::Table'));
    expect(tables.map((table) => table.Properties.DeletionProtectionEnabled)).toEqual([false, false, false]);
  });

  it('names the dashboard after the stage', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'journeys-prod' });
  });
});
