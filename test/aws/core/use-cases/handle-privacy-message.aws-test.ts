import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { EventBridgePublisher } from '../../../../adapters/aws/eventbridge-publisher.ts';
import { S3ExportSink } from '../../../../adapters/aws/s3-export-sink.ts';
import { HmacPseudonymizer } from '../../../../adapters/crypto/pseudonymizer.ts';
import { DynamoCustomerTable } from '../../../../adapters/dynamodb/customer-table.ts';
import { newCustomer } from '../../../../core/customer/state.ts';
import { privacyCodec } from '../../../../core/messages/queue-messages.ts';
import { handlePrivacyBody, type PrivacyPorts } from '../../../../core/use-cases/handle-privacy-message.ts';
import { testVault } from '../../../support/test-vault.ts';
import { DUMMY_CREDENTIALS, harnessClients } from '../../harness/aws-clients.ts';
import { REGION } from '../../harness/deployed-stack.ts';
import {
  createBucket,
  createJourneyTable,
  createKey,
  ensureBus,
  subscribe,
  uniqueName,
} from '../../harness/moto-fixtures.ts';

// Erasure and malformed messages (no S3 involved) stay with the use case's unit test:
// test/core/use-cases/handle-privacy-message.test.ts.
const endpoint = inject('motoEndpoint');
const clients = harnessClients(endpoint);
const config = { endpoint, region: REGION, credentials: DUMMY_CREDENTIALS };
const noWait = { maxAttempts: 2, baseDelayMs: 0, sleep: async () => {} };

/** The privacy use case on the real adapters, every one on moto: table, export bucket (SSE-KMS), bus. */
async function setUp() {
  const [tableName, bucket, kmsKeyArn, busName] = await Promise.all([
    createJourneyTable(clients),
    createBucket(clients, 'exports'),
    createKey(clients, 'export bucket key'),
    ensureBus(clients, uniqueName('journeys')),
  ]);
  const announced = await subscribe(clients, busName, { source: ['journeys.orchestrator'] });
  const table = new DynamoCustomerTable({ client: new DynamoDBClient(config), tableName });
  const pseudonymizer = new HmacPseudonymizer(async () => randomBytes(32));
  const vault = testVault().vault;
  const ports: PrivacyPorts = {
    store: table,
    decisionLog: table,
    eraser: table,
    vault,
    sink: new S3ExportSink({ client: new S3Client(config), bucket, kmsKeyArn }),
    events: new EventBridgePublisher({ client: new EventBridgeClient(config), busName, retry: noWait }),
    clock: { now: () => Date.parse('2026-11-23T10:00:00Z') },
    telemetry: { info: () => {}, warn: () => {}, error: () => {}, count: () => {} },
  };
  const pseudonym = await pseudonymizer.pseudonymOf('c-7');
  const contact = { email: 'jo@example.com', pccc: 'P123456789012' };
  await table.save(
    { ...newCustomer(pseudonym), contact: await vault.seal(pseudonym, contact), has: { email: true } },
    0,
  );
  return { ports, pseudonym, bucket, kmsKeyArn, announced };
}

describe('privacy export on moto (S3, EventBridge, DynamoDB)', () => {
  it('exports the decrypted profile to the KMS-encrypted bucket and announces the object key only', async () => {
    const { ports, pseudonym, bucket, kmsKeyArn, announced } = await setUp();
    const body = privacyCodec.encode({ kind: 'export-due', pseudonym, requestId: 'dsar-1' });

    const result = await handlePrivacyBody(body, ports);

    const objectKey = `exports/${pseudonym}/dsar-1.json`;
    expect(result).toEqual({ kind: 'exported', pseudonym, objectKey });
    const { Contents = [] } = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(Contents.map((object) => object.Key)).toEqual([objectKey]);
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey }));
    expect(head).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKeyArn,
      ContentType: 'application/json; charset=utf-8',
    });
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
    const document = JSON.parse((await object.Body?.transformToString()) ?? '{}');
    expect(document).toMatchObject({ profile: { contact: { email: 'jo@example.com' } } });

    const events = await announced.delivered();
    expect(events).toMatchObject([
      { 'detail-type': 'privacy.export_ready', detail: { pseudonym, requestId: 'dsar-1', objectKey } },
    ]);
    expect(JSON.stringify(events)).not.toContain('jo@example.com');
  });
});
