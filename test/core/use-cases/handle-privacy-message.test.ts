import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DynamoCustomerTable } from '../../../adapters/dynamodb/customer-table.ts';
import { FolderExportSink } from '../../../adapters/local/folder-export-sink.ts';
import type { OutboundEvent } from '../../../core/customer/outbox.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import { privacyCodec } from '../../../core/messages/queue-messages.ts';
import { handlePrivacyBody, type PrivacyPorts } from '../../../core/use-cases/handle-privacy-message.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';
import { asProofs } from '../../support/log-entries.ts';
import { testVault } from '../../support/test-vault.ts';

const db = useEmbeddedDynamoDb();
let next = 1;
const proof = {
  at: '2026-11-01T00:00:00.000Z',
  channel: 'email' as const,
  purpose: 'marketing' as const,
  granted: true,
  source: 's',
  wordingVersion: 'v1',
  eventId: 'e',
};

async function setUp() {
  const table = new DynamoCustomerTable({ client: db().client, tableName: db().tableName });
  const vault = testVault().vault;
  const published: OutboundEvent[] = [];
  const exports = mkdtempSync(join(tmpdir(), 'exports-'));
  const ports: PrivacyPorts = {
    store: table,
    decisionLog: table,
    eraser: table,
    vault,
    sink: new FolderExportSink(exports),
    events: { publish: async (events) => void published.push(...events) },
    clock: { now: () => Date.parse('2026-11-23T10:00:00Z') },
    telemetry: { info: () => {}, warn: () => {}, error: () => {}, count: () => {} },
  };
  const pseudonym = (next++).toString(16).padStart(64, 'e');
  const contact = { email: 'jo@example.com', pccc: 'P123456789012' };
  await table.save(
    { ...newCustomer(pseudonym), contact: await vault.seal(pseudonym, contact), has: { email: true } },
    0,
  );
  return { ports, published, pseudonym, table, exports };
}

describe('privacy work left by privacy requests', () => {
  it('exports the decrypted profile and announces only where it was written', async () => {
    const { ports, published, pseudonym } = await setUp();
    const body = privacyCodec.encode({ kind: 'export-due', pseudonym, requestId: 'dsar-1' });
    const result = await handlePrivacyBody(body, ports);
    expect(result).toMatchObject({ kind: 'exported', pseudonym });
    const document = JSON.parse(readFileSync(result.kind === 'exported' ? result.objectKey : '', 'utf8'));
    expect(document).toMatchObject({ requestId: 'dsar-1', profile: { contact: { email: 'jo@example.com' } } });
    expect(published).toMatchObject([{ detailType: 'privacy.export_ready', detail: { requestId: 'dsar-1' } }]);
    expect(JSON.stringify(published)).not.toContain('jo@example.com');
  });

  it('deletes every record outside the customer item, destroys the customer keys and announces it', async () => {
    const { ports, published, table, pseudonym } = await setUp();
    await table.append(asProofs([{ ...proof, pseudonym }]));
    const erasedAt = '2026-11-23T09:59:00.000Z';
    const body = privacyCodec.encode({
      kind: 'erasure-due',
      pseudonym,
      reason: 'request',
      erasedAt,
      at: '2026-11-23T10:00:00.000Z',
      requestId: 'r',
    });
    expect(await handlePrivacyBody(body, ports)).toMatchObject({ kind: 'erased', itemsDeleted: 1 });
    const sealed = (await table.load(pseudonym)).contact as string;
    await expect(ports.vault.open(pseudonym, sealed, { actor: 'test' })).rejects.toThrow('was destroyed');
    expect(await table.consentHistory(pseudonym)).toEqual([]);
    expect(published).toMatchObject([
      {
        detailType: 'privacy.erasure_completed',
        detail: { requestId: 'r', erasedAt, itemsDeleted: 1, keysDestroyed: 1 },
      },
    ]);
  });

  it('an erasure-due message delivered twice announces both times what the erasure deleted and destroyed', async () => {
    const { ports, published, table, pseudonym } = await setUp();
    await table.append(
      asProofs([
        { ...proof, pseudonym },
        { ...proof, pseudonym, at: '2026-11-02T00:00:00.000Z' },
      ]),
    );
    const erasedAt = '2026-11-23T09:59:00.000Z';
    const body = privacyCodec.encode({
      kind: 'erasure-due',
      pseudonym,
      reason: 'account_closed',
      erasedAt,
      at: '2026-11-23T10:00:00.000Z',
    });
    expect(await handlePrivacyBody(body, ports)).toMatchObject({ kind: 'erased', itemsDeleted: 2 });
    expect(await handlePrivacyBody(body, ports)).toMatchObject({ kind: 'erased', itemsDeleted: 2 });
    const counts = { erasedAt, reason: 'account_closed', itemsDeleted: 2, keysDestroyed: 1 };
    expect(published).toMatchObject([{ detail: counts }, { detail: counts }]);
  });

  it('throws on a body that is not one of its own messages, so the queue dead-letters it', async () => {
    const { ports } = await setUp();
    const request = JSON.stringify({ 'detail-type': 'privacy.export_requested', source: 'shop.web', detail: {} });
    await expect(handlePrivacyBody(request, ports)).rejects.toThrow('Invalid privacy message');
  });
});
