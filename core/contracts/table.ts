import { fnv1a } from '../hash.ts';

/**
 * Table contract shared by the DynamoDB adapter, the embedded table the local runtime creates, and the CDK stack
 * (DESIGN.md §4): key and index names, and the sort keys of each item kind.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLive: 'ttl',
  /** Sparse GSI of customers with a pending timer: `W#<shard>` and the indexed wake time (DESIGN §6, decision 0004). */
  wakeIndex: {
    name: 'wake',
    partitionKey: 'wakeShard',
    sortKey: 'wakeAt',
  },
} as const;

/** The idempotency table of delivery: one record per messageId. */
export const IDEMPOTENCY_TABLE = {
  partitionKey: 'id',
  timeToLive: 'expiration',
} as const;

/** Key values of each item kind in the journey table. */
export const KEYS = {
  customer: (pseudonym: string) => `C#${pseudonym}`,
  state: 'STATE',
  tombstone: 'ERASED',
  decision: (decidedAt: string, messageId: string) => `D#${decidedAt}#${messageId}`,
  decisionPrefix: 'D#',
  consent: (at: string, channel: string, purpose: string) => `CONSENT#${at}#${channel}#${purpose}`,
  consentPrefix: 'CONSENT#',
  conversion: (at: string, journeyId: string, entry: number) => `CONV#${at}#${journeyId}#${entry}`,
  conversionPrefix: 'CONV#',
  engagement: (at: string, messageId: string, action: string) => `ENG#${at}#${messageId}#${action}`,
  engagementPrefix: 'ENG#',
  journey: (at: string, journeyId: string, entry: number, change: string) => `J#${at}#${journeyId}#${entry}#${change}`,
  journeyPrefix: 'J#',
  /** An erasure's receipt (what it deleted), by its tombstone time and a hash of the request it answers. */
  erasure: (erasedAt: string, request: string) => `ERASURE#${erasedAt}#${fnv1a(request).toString(36)}`,
  erasurePrefix: 'ERASURE#',
  /** One shard of a journey's daily and total budget (decision 0008): its own partition, so shards spread writes. */
  budget: (journeyId: string, shard: number) => `B#${journeyId}#${shard}`,
  budgetItem: 'BUDGET',
  /** One shard of a journey's sends-per-second pacing. */
  pace: (journeyId: string, shard: number) => `P#${journeyId}#${shard}`,
  paceItem: 'PACE',
} as const;

/**
 * The customers' wrapped data keys (decision 0006): its own table, without point-in-time recovery or backups, so a
 * destroyed key leaves no copy from which an erased customer's contact could be decrypted.
 */
export const CUSTOMER_KEYS_TABLE = {
  partitionKey: 'pseudonym',
  sortKey: 'keyId',
} as const;
