import { customerItemBytes } from '../../adapters/dynamodb/table-layout.ts';
import type { CustomerState } from '../../core/customer/state.ts';
import type { ContactVault } from '../../core/ports/crypto.ts';
import type { EventPublisher } from '../../core/ports/messaging.ts';
import type { MessageQueue } from '../../core/ports/queue.ts';
import type { SendLedger } from '../../core/ports/send-ledger.ts';
import type { CustomerStore, DecisionLog } from '../../core/ports/store.ts';

/** Calls one side (ingest or deliver) made to its ports during a replay, with sampled sizes (for cost models). */
export interface PortCalls {
  /** Ingest: customer events and timer.due messages handled; deliver: delivery requests handled. */
  messages: number;
  timers: number;
  loads: number;
  saves: number;
  clearOutbox: number;
  /** DynamoDB item bytes of every 16th saved state: how many fell in each 128-byte bucket (index = bytes / 128). */
  stateBytes: number[];
  /** Log writes (one batch per round: decisions, consent proofs, conversions, engagement, journey changes). */
  logBatches: number;
  logEntries: number;
  decisions: number;
  /** JSON bytes of every 16th decision record, bucketed as `stateBytes`. */
  decisionBytes: number[];
  consentProofs: number;
  deliveryBatches: number;
  deliveries: number;
  outboundBatches: number;
  outbound: number;
  /** Outbound events by detail-type (the cost model counts those a stage publishes). */
  outboundTypes: Record<string, number>;
  privacy: number;
  rejected: number;
  seals: number;
  opens: number;
  ledgerCalls: number;
}

export const noPortCalls = (): PortCalls => ({
  ...{ messages: 0, timers: 0, loads: 0, saves: 0, clearOutbox: 0, stateBytes: [] },
  ...{ logBatches: 0, logEntries: 0, decisions: 0, decisionBytes: [] },
  ...{ consentProofs: 0, deliveryBatches: 0, deliveries: 0, outboundBatches: 0, outbound: 0, outboundTypes: {} },
  privacy: 0,
  ...{ rejected: 0, seals: 0, opens: 0, ledgerCalls: 0 },
});

const sample = (buckets: number[], count: number, size: () => number) => {
  if (count % 16 !== 0) return;
  const bucket = Math.min(127, Math.floor(size() / 128));
  while (buckets.length <= bucket) buckets.push(0);
  buckets[bucket] = (buckets[bucket] ?? 0) + 1;
};

/** Port wrappers that count into `calls`; each returns a port with the same behaviour. */
export const counting = {
  store: (store: CustomerStore, calls: PortCalls): CustomerStore => ({
    load: (pseudonym) => {
      calls.loads += 1;
      return store.load(pseudonym);
    },
    save: (state: CustomerState, expected: number) => {
      calls.saves += 1;
      sample(calls.stateBytes, calls.saves, () => customerItemBytes(state));
      return store.save(state, expected);
    },
    clearOutbox: (pseudonym, expected) => {
      calls.clearOutbox += 1;
      return store.clearOutbox(pseudonym, expected);
    },
  }),
  log: (log: DecisionLog, calls: PortCalls): DecisionLog => ({
    append: (entries) => {
      calls.logBatches += 1;
      calls.logEntries += entries.length;
      for (const entry of entries) {
        if (entry.kind === 'consent-proof') calls.consentProofs += 1;
        if (entry.kind !== 'decision') continue;
        calls.decisions += 1;
        sample(calls.decisionBytes, calls.decisions, () => JSON.stringify(entry.record).length);
      }
      return log.append(entries);
    },
    decisions: (pseudonym, since) => log.decisions(pseudonym, since),
    consentHistory: (pseudonym) => log.consentHistory(pseudonym),
    conversions: (pseudonym) => log.conversions(pseudonym),
    engagements: (pseudonym) => log.engagements(pseudonym),
  }),
  queue: <T>(
    queue: MessageQueue<T>,
    calls: PortCalls,
    kind: 'deliveries' | 'privacy' | 'rejected',
  ): MessageQueue<T> => ({
    send: (messages) => {
      if (kind === 'deliveries') calls.deliveryBatches += Math.ceil(messages.length / 10);
      calls[kind] += messages.length;
      return queue.send(messages);
    },
  }),
  events: (events: EventPublisher, calls: PortCalls): EventPublisher => ({
    publish: (outbound) => {
      calls.outboundBatches += Math.ceil(outbound.length / 10);
      calls.outbound += outbound.length;
      for (const { detailType } of outbound) {
        calls.outboundTypes[detailType] = (calls.outboundTypes[detailType] ?? 0) + 1;
      }
      return events.publish(outbound);
    },
  }),
  vault: (vault: ContactVault, calls: PortCalls): ContactVault => ({
    seal: (pseudonym, contact) => {
      calls.seals += 1;
      return vault.seal(pseudonym, contact);
    },
    open: (pseudonym, sealed, purpose) => {
      calls.opens += 1;
      return vault.open(pseudonym, sealed, purpose);
    },
    shred: (pseudonym, upTo) => vault.shred(pseudonym, upTo),
  }),
  ledger: (ledger: SendLedger, calls: PortCalls): SendLedger => ({
    claim: (messageId, now) => {
      calls.ledgerCalls += 1;
      return ledger.claim(messageId, now);
    },
    complete: (messageId, outcome, now, options) => {
      calls.ledgerCalls += 1;
      return ledger.complete(messageId, outcome, now, options);
    },
    markAnnounced: (messageId) => {
      calls.ledgerCalls += 1;
      return ledger.markAnnounced(messageId);
    },
    release: (messageId) => {
      calls.ledgerCalls += 1;
      return ledger.release(messageId);
    },
  }),
};
