import type { LogEntry } from '../../core/customer/log.ts';
import type { ConsentProof, DecisionRecord } from '../../core/customer/outbox.ts';

export const asDecisions = (records: readonly DecisionRecord[]): LogEntry[] =>
  records.map((record) => ({ kind: 'decision', record }));

export const asProofs = (proofs: readonly ConsentProof[]): LogEntry[] =>
  proofs.map((proof) => ({ kind: 'consent-proof', proof }));
