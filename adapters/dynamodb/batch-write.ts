import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

const MAX_BATCH = 25;

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultRetry: RetryOptions = {
  maxAttempts: 8,
  baseDelayMs: 25,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** BatchWriteItem in chunks of 25, retrying unprocessed items with exponential backoff; throws if any remain. */
export async function batchWrite(
  client: DynamoDBClient,
  tableName: string,
  requests: WriteRequest[],
  retry: RetryOptions = defaultRetry,
): Promise<void> {
  for (let start = 0; start < requests.length; start += MAX_BATCH) {
    let pending = requests.slice(start, start + MAX_BATCH);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > retry.maxAttempts) {
        throw new Error(`BatchWriteItem left ${pending.length} unprocessed items after ${retry.maxAttempts} attempts`);
      }
      if (attempt > 1) await retry.sleep(retry.baseDelayMs * 2 ** (attempt - 2));
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

export const putRequest = (item: Record<string, AttributeValue>): WriteRequest => ({ PutRequest: { Item: item } });
export const deleteRequest = (key: Record<string, AttributeValue>): WriteRequest => ({ DeleteRequest: { Key: key } });
