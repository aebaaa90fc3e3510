import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DescribeArchiveCommand, DescribeRuleCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeKeyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type HarnessClients, harnessClients } from './harness/aws-clients.ts';
import type { DeployedStack } from './harness/deployed-stack.ts';
import { motoApi } from './harness/moto-server.ts';
import { type ProvisionReport, provisionStack } from './harness/provision-stack.ts';
import { resourcesOfType } from './harness/template.ts';

const endpoint = inject('motoEndpoint');
const template = inject('template');

describe('the template provisioned in moto through the service APIs', () => {
  let stack: DeployedStack;
  let report: ProvisionReport;
  let clients: HarnessClients;
  const props = (id: string) => stack.resolve<Record<string, unknown>>(template.Resources[id]?.Properties);

  beforeAll(async () => {
    await motoApi.reset(endpoint);
    ({ stack, report } = await provisionStack(endpoint, template));
    clients = harnessClients(endpoint);
  });

  afterAll(() => {
    for (const client of Object.values(clients ?? {})) client.destroy();
  });

  it('creates, emulates or deliberately leaves out every resource of the template', () => {
    const accounted = [...report.created, ...report.emulated, ...report.notCreated].sort();
    expect(accounted).toEqual(Object.keys(template.Resources).sort());
    expect(report.workarounds).toEqual([
      expect.stringMatching(/^ExportsBucket[0-9A-F]{8}: server access logging set after every resource exists$/),
      expect.stringMatching(/^ExportsAccessLogsPolicy[0-9A-F]{8}: left out the TLS-only Deny statement/),
      expect.stringMatching(/^ExportsBucketPolicy[0-9A-F]{8}: left out the TLS-only Deny statement/),
    ]);
  });

  it('routes each detail-type with the rule pattern and SQS target (and its DLQ) the template declares', async () => {
    for (const [id] of resourcesOfType(template, 'AWS::Events::Rule')) {
      const declared = props(id);
      const [bus, name] = stack.ref(id).split('|') as [string, string];
      const rule = await clients.events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }));
      expect(JSON.parse(rule.EventPattern as string)).toEqual(declared.EventPattern);
      const { Targets } = await clients.events.send(new ListTargetsByRuleCommand({ Rule: name, EventBusName: bus }));
      expect(Targets).toEqual(declared.Targets);
    }
  });

  it('archives the bus with the archive pattern of the template', async () => {
    const archive = await clients.events.send(
      new DescribeArchiveCommand({ ArchiveName: stack.refOf('RoutingBusArchive') }),
    );
    const declared = props(Object.keys(template.Resources).find((id) => id.startsWith('RoutingBusArchive')) as string);
    expect(JSON.parse(archive.EventPattern as string)).toEqual(declared.EventPattern);
    expect(archive).toMatchObject({ EventSourceArn: declared.SourceArn, RetentionDays: declared.RetentionDays });
  });

  it('gives every queue the redrive policy, visibility timeout, retention and key of the template', async () => {
    for (const [id] of resourcesOfType(template, 'AWS::SQS::Queue')) {
      const declared = props(id);
      const { Attributes = {} } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: stack.ref(id), AttributeNames: ['All'] }),
      );
      if (declared.RedrivePolicy)
        expect(JSON.parse(Attributes.RedrivePolicy as string)).toEqual(declared.RedrivePolicy);
      else expect(Attributes.RedrivePolicy).toBeUndefined();
      for (const name of ['VisibilityTimeout', 'MessageRetentionPeriod', 'KmsMasterKeyId'] as const) {
        if (declared[name] !== undefined)
          expect({ [name]: Attributes[name] }).toEqual({ [name]: String(declared[name]) });
      }
    }
  });

  it('creates the tables with their keys, the sparse GSI "wake" exactly as declared, TTL and the storage key', async () => {
    for (const [id] of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
      const declared = props(id);
      const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: stack.ref(id) }));
      expect(Table?.KeySchema).toEqual(declared.KeySchema);
      expect(new Set(Table?.AttributeDefinitions)).toEqual(new Set(declared.AttributeDefinitions as unknown[]));
      const indexes = (Table?.GlobalSecondaryIndexes ?? []).map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      }));
      expect(indexes).toEqual(declared.GlobalSecondaryIndexes ?? []);
      expect(Table?.SSEDescription?.KMSMasterKeyArn).toBe(
        (declared.SSESpecification as { KMSMasterKeyId: string }).KMSMasterKeyId,
      );
      const declaredTtl = declared.TimeToLiveSpecification as { AttributeName: string } | undefined;
      const ttl = await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: stack.ref(id) }));
      if (declaredTtl) {
        expect(ttl.TimeToLiveDescription).toMatchObject({
          AttributeName: declaredTtl.AttributeName,
          TimeToLiveStatus: 'ENABLED',
        });
      } else {
        expect(ttl.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED').toBe('DISABLED');
      }
    }
  });

  it('creates both keys with rotation and their aliases, the secret under the storage key, the bucket key', async () => {
    const { Aliases = [] } = await clients.kms.send(new ListAliasesCommand({}));
    for (const [id] of resourcesOfType(template, 'AWS::KMS::Alias')) {
      const declared = props(id);
      const alias = Aliases.find((entry) => entry.AliasName === declared.AliasName);
      const { KeyMetadata } = await clients.kms.send(new DescribeKeyCommand({ KeyId: alias?.TargetKeyId }));
      expect(KeyMetadata?.Arn).toBe(declared.TargetKeyId);
    }
    const secret = await clients.secrets.send(
      new DescribeSecretCommand({ SecretId: stack.refOf('EncryptionPseudonymKey') }),
    );
    expect(secret.KmsKeyId).toBe(stack.attributeOf('EncryptionStorageKey', 'Arn'));
    const encryption = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: stack.refOf('ExportsBucket') }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: stack.attributeOf('EncryptionDataKey', 'Arn'),
    });
  });
});
