import type { BatchWriteItemCommand, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchWrite, putRequest } from '../../../adapters/dynamodb/batch-write.ts';

/** DynamoDB only returns UnprocessedItems under throttling, which the embedded server never does: a fake client. */
function flakyClient(unprocessedRounds: number) {
  const calls: WriteRequest[][] = [];
  const client = {
    send: async (command: BatchWriteItemCommand) => {
      const requests = command.input.RequestItems?.t ?? [];
      calls.push(requests);
      const leftOver = calls.length <= unprocessedRounds ? requests.slice(0, 1) : [];
      return { UnprocessedItems: leftOver.length > 0 ? { t: leftOver } : {} };
    },
  };
  return { client: client as unknown as DynamoDBClient, calls };
}

const requests = (n: number) => Array.from({ length: n }, (_, i) => putRequest({ pk: { S: `k${i}` }, sk: { S: 's' } }));
const noSleep = { maxAttempts: 4, baseDelayMs: 1, sleep: async () => {} };

describe('batched writes', () => {
  it('splits writes into batches of 25', async () => {
    const { client, calls } = flakyClient(0);
    await batchWrite(client, 't', requests(60), noSleep);
    expect(calls.map((batch) => batch.length)).toEqual([25, 25, 10]);
  });

  it('retries unprocessed items until they are written', async () => {
    const { client, calls } = flakyClient(2);
    await batchWrite(client, 't', requests(3), noSleep);
    expect(calls.map((batch) => batch.length)).toEqual([3, 1, 1]);
  });

  it('fails loudly when items stay unprocessed', async () => {
    const { client } = flakyClient(99);
    await expect(batchWrite(client, 't', requests(2), noSleep)).rejects.toThrow(
      /1 entries still failing after 4 attempts/,
    );
  });
});
