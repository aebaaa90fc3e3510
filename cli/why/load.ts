import type { ConsentProof, DecisionRecord } from '../../core/customer/outbox.ts';
import type { CustomerState } from '../../core/customer/state.ts';
import type { CustomerStore, DecisionLog } from '../../core/ports/store.ts';
import type { DeliveryOutcome } from './deliveries.ts';

/** The reads `why` needs: the customer item, the decision log and the consent history (all by pseudonym). */
export type CustomerRecordsReader = Pick<CustomerStore, 'load'> & Pick<DecisionLog, 'decisions' | 'consentHistory'>;

/** Where `why` reads from: the local data directory or a deployed table. */
export interface CustomerRecordsSource {
  /** In words, e.g. `local data in .data (through npm start, pid 4242)`. */
  description: string;
  pseudonymOf(customerId: string): Promise<string>;
  reader: CustomerRecordsReader;
  /** Delivery outcomes, where the source keeps them (locally: the outbound event log). */
  deliveries?(pseudonym: string): Promise<DeliveryOutcome[]>;
  close(): Promise<void>;
}

export interface CustomerRecords {
  state: CustomerState;
  decisions: DecisionRecord[];
  consentHistory: ConsentProof[];
}

/** Reads one customer's item, its decisions since `since` (ISO) and its consent history. */
export async function loadCustomerRecords(
  reader: CustomerRecordsReader,
  pseudonym: string,
  since: string,
): Promise<CustomerRecords> {
  const [state, decisions, consentHistory] = await Promise.all([
    reader.load(pseudonym),
    reader.decisions(pseudonym, since),
    reader.consentHistory(pseudonym),
  ]);
  return { state, decisions, consentHistory };
}
