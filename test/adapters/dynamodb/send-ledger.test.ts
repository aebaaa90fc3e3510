import { describe, expect, it } from 'vitest';
import { DynamoSendLedger } from '../../../adapters/dynamodb/send-ledger.ts';
import { MemorySendLedger } from '../../../adapters/local/memory-send-ledger.ts';
import type { SendLedger } from '../../../core/ports/send-ledger.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';

const db = useEmbeddedDynamoDb();
const sent = { status: 'sent' as const, providerMessageId: 'ses-1' };
const ledgers: Array<[string, () => SendLedger]> = [
  [
    'DynamoDB',
    () => new DynamoSendLedger({ client: db().client, tableName: db().idempotencyTableName, leaseMs: 1000 }),
  ],
  ['in memory', () => new MemorySendLedger()],
];

describe.each(ledgers)('send ledger (%s)', (_, ledgerOf) => {
  it('lets one worker claim a message, and answers later claims with the recorded outcome', async () => {
    const ledger = ledgerOf();
    expect(await ledger.claim('m-1', 0)).toEqual({ status: 'claimed' });
    expect(await ledger.claim('m-1', 10)).toEqual({ status: 'in_progress' });
    await ledger.complete('m-1', sent, 20);
    expect(await ledger.claim('m-1', 30)).toEqual({ status: 'completed', outcome: sent, announced: true });
  });

  it('gives a released claim back, so the retry can send', async () => {
    const ledger = ledgerOf();
    await ledger.claim('m-2', 0);
    await ledger.release('m-2');
    expect(await ledger.claim('m-2', 10)).toEqual({ status: 'claimed' });
  });

  it('never releases a completed message', async () => {
    const ledger = ledgerOf();
    await ledger.claim('m-3', 0);
    await ledger.complete('m-3', sent, 1);
    await ledger.release('m-3');
    expect(await ledger.claim('m-3', 2)).toEqual({ status: 'completed', outcome: sent, announced: true });
  });

  it('remembers a send completed before its message.sent was published, until it is marked announced', async () => {
    const ledger = ledgerOf();
    await ledger.claim('m-6', 0);
    await ledger.complete('m-6', sent, 1, { announced: false });
    expect(await ledger.claim('m-6', 2)).toEqual({ status: 'completed', outcome: sent, announced: false });
    await ledger.markAnnounced('m-6');
    expect(await ledger.claim('m-6', 3)).toEqual({ status: 'completed', outcome: sent, announced: true });
  });

  it('marking a message announced never creates a record for it', async () => {
    const ledger = ledgerOf();
    await ledger.markAnnounced('m-7');
    expect(await ledger.claim('m-7', 0)).toEqual({ status: 'claimed' });
  });
});

describe('send ledger on DynamoDB', () => {
  it('lets another worker take over a claim whose lease ran out (its worker died mid-send)', async () => {
    const ledger = new DynamoSendLedger({ client: db().client, tableName: db().idempotencyTableName, leaseMs: 1000 });
    await ledger.claim('m-4', 0);
    expect(await ledger.claim('m-4', 999)).toEqual({ status: 'in_progress' });
    expect(await ledger.claim('m-4', 1001)).toEqual({ status: 'claimed' });
  });
});

describe('send ledger of the local runtime (sole owner of its data directory)', () => {
  it('takes over at once a claim left by an earlier process that died mid-send', async () => {
    const options = { client: db().client, tableName: db().idempotencyTableName, soleOwner: true };
    const dead = new DynamoSendLedger({ ...options, owner: 'before-the-crash' });
    await dead.claim('m-5', 0);
    const restarted = new DynamoSendLedger({ ...options, owner: 'after-the-restart' });
    expect(await restarted.claim('m-5', 10)).toEqual({ status: 'claimed' });
    expect(await restarted.claim('m-5', 20)).toEqual({ status: 'in_progress' });
  });
});
