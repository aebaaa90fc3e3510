import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { defaultRetryPolicy, type RetryPolicy, sendInChunks } from '../retry.ts';

/** BatchWriteItem in chunks of 25, retrying unprocessed items with exponential backoff; throws if any remain. */
export async function batchWrite(
  client: DynamoDBClient,
  tableName: string,
  requests: WriteRequest[],
  retry: RetryPolicy = { ...defaultRetryPolicy, maxAttempts: 8, baseDelayMs: 25 },
): Promise<void> {
  await sendInChunks(
    requests,
    25,
    async (chunk) => {
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: chunk } }));
      return result.UnprocessedItems?.[tableName] ?? [];
    },
    'DynamoDB BatchWriteItem',
    retry,
  );
}

export const putRequest = (item: Record<string, AttributeValue>): WriteRequest => ({ PutRequest: { Item: item } });
export const deleteRequest = (key: Record<string, AttributeValue>): WriteRequest => ({ DeleteRequest: { Key: key } });
