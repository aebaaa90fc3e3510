/** A queue our components hand typed messages to: SQS on AWS, the local durable queue, or in-process in a replay. */
export interface MessageQueue<T> {
  send(messages: readonly T[]): Promise<void>;
}
