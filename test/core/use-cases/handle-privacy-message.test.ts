import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EncryptionSdkVault, rawAesMaterials } from '../../../adapters/crypto/contact-vault.ts';
import { HmacPseudonymizer } from '../../../adapters/crypto/pseudonymizer.ts';
import { DynamoCustomerTable } from '../../../adapters/dynamodb/customer-table.ts';
import type { OutboundEvent } from '../../../core/customer/outbox.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import type { RejectedEvent } from '../../../core/messages/rejected.ts';
import { handlePrivacyBody, type PrivacyPorts } from '../../../core/use-cases/handle-privacy-message.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';

// The use case on its ports: the embedded DynamoDB table and in-memory sink, bus and rejected store. The same export
// through the real adapters (S3 bucket with SSE-KMS, EventBridge, DynamoDB) runs on moto in
// test/aws/core/use-cases/handle-privacy-message.aws-test.ts.
const db = useEmbeddedDynamoDb();

async function setUp() {
  const table = new DynamoCustomerTable({ client: db().client, tableName: db().tableName });
  const pseudonymizer = new HmacPseudonymizer(async () => randomBytes(32));
  const vault = new EncryptionSdkVault({
    materials: rawAesMaterials(randomBytes(32)),
    audit: { record: async () => {} },
  });
  const published: OutboundEvent[] = [];
  const rejected: RejectedEvent[] = [];
  const exported = new Map<string, string>();
  const deps: PrivacyPorts = {
    store: table,
    decisionLog: table,
    eraser: table,
    vault,
    sink: {
      write: async (key, body) => {
        exported.set(key, body);
        return key;
      },
    },
    events: { publish: async (events) => void published.push(...events) },
    pseudonymizer,
    rejected: { send: async (events) => void rejected.push(...events) },
    clock: { now: () => Date.parse('2026-11-23T10:00:00Z') },
    telemetry: { info: () => {}, warn: () => {}, error: () => {}, count: () => {} },
  };
  const pseudonym = await pseudonymizer.pseudonymOf('c-7');
  const contact = { email: 'jo@example.com', pccc: 'P123456789012' };
  await table.save(
    { ...newCustomer(pseudonym), contact: await vault.seal(pseudonym, contact), has: { email: true } },
    0,
  );
  return { deps, published, rejected, exported, pseudonym, table };
}

const request = (detailType: string) =>
  JSON.stringify({
    'detail-type': detailType,
    source: 'shop.web',
    detail: { v: 1, eventId: randomUUID(), occurredAt: '2026-11-23T09:59:00Z', customerId: 'c-7', requestId: 'dsar-1' },
  });

describe('privacy requests', () => {
  it('exports the decrypted profile to the export sink and announces the object key only', async () => {
    const { deps, published, exported, pseudonym } = await setUp();
    const result = await handlePrivacyBody(request('privacy.export_requested'), deps);
    expect(result).toEqual({ kind: 'exported', pseudonym, objectKey: `exports/${pseudonym}/dsar-1.json` });
    expect([...exported.keys()]).toEqual([`exports/${pseudonym}/dsar-1.json`]);
    const document = JSON.parse(exported.get(`exports/${pseudonym}/dsar-1.json`) ?? '{}');
    expect(document).toMatchObject({ profile: { contact: { email: 'jo@example.com' } } });
    expect(published).toMatchObject([{ detailType: 'privacy.export_ready', detail: { requestId: 'dsar-1' } }]);
    expect(JSON.stringify(published)).not.toContain('jo@example.com');
  });

  it('erases every item and announces privacy.erasure_completed', async () => {
    const { deps, published, table, pseudonym } = await setUp();
    expect(await handlePrivacyBody(request('privacy.erasure_requested'), deps)).toMatchObject({
      kind: 'erased',
      itemsDeleted: 1,
    });
    expect(await table.load(pseudonym)).toMatchObject({ v: 0, erasedAt: '2026-11-23T10:00:00.000Z' });
    expect(published).toMatchObject([
      { detailType: 'privacy.erasure_completed', detail: { requestId: 'dsar-1', itemsDeleted: 1 } },
    ]);
  });

  it('runs a scheduled erasure from the account-closed timer by pseudonym', async () => {
    const { deps, pseudonym } = await setUp();
    const body = JSON.stringify({
      'detail-type': 'privacy.erasure_scheduled',
      source: 'journeys.orchestrator',
      detail: { pseudonym, reason: 'account_closed' },
    });
    expect(await handlePrivacyBody(body, deps)).toMatchObject({ kind: 'erased', pseudonym });
  });

  it('rejects a malformed request with the reason instead of retrying it', async () => {
    const { deps, rejected } = await setUp();
    const result = await handlePrivacyBody(
      JSON.stringify({ 'detail-type': 'privacy.export_requested', detail: { v: 1 } }),
      deps,
    );
    expect(result.kind).toBe('rejected');
    expect(rejected[0]?.reason).toContain('detail.eventId');
    expect(rejected[0]?.issues).toContainEqual({ field: 'detail.customerId', rule: 'is required' });
  });
});
