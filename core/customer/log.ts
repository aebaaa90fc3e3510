import { KEYS } from '../contracts/table.ts';
import type { ConsentProof, ConversionRecord, DecisionRecord, EngagementRecord } from './outbox.ts';

/** A journey instance started or ended (`sk = J#<at>#<journeyId>#<entry>#<change>`), for funnels read from the log. */
export interface JourneyChange {
  pseudonym: string;
  journeyId: string;
  version: number;
  entry: number;
  at: string;
  change: 'entered' | 'exited';
  /** The final state's name, when the instance exited. */
  outcome?: string;
}

/** One record of a customer's log, written beside the customer item and kept for the retention period. */
export type LogEntry =
  | { kind: 'decision'; record: DecisionRecord }
  | { kind: 'consent-proof'; proof: ConsentProof }
  | { kind: 'conversion'; record: ConversionRecord }
  | { kind: 'engagement'; record: EngagementRecord }
  | { kind: 'journey'; record: JourneyChange };

export const LOG_KINDS: ReadonlySet<string> = new Set<LogEntry['kind']>([
  'decision',
  'consent-proof',
  'conversion',
  'engagement',
  'journey',
]);

export interface LogKey {
  pseudonym: string;
  sortKey: string;
  /** When it happened: retention counts from here. */
  at: string;
  /** Consent proofs are evidence and are kept until erasure; everything else expires with the retention period. */
  expires: boolean;
}

/** Where a log entry is stored, and whether it expires. */
export function logKeyOf(entry: LogEntry): LogKey {
  switch (entry.kind) {
    case 'decision': {
      const { pseudonym, decidedAt, messageId } = entry.record;
      return { pseudonym, at: decidedAt, sortKey: KEYS.decision(decidedAt, messageId), expires: true };
    }
    case 'consent-proof': {
      const { pseudonym, at, channel, purpose } = entry.proof;
      return { pseudonym, at, sortKey: KEYS.consent(at, channel, purpose), expires: false };
    }
    case 'conversion': {
      const { pseudonym, at, journeyId, entry: n } = entry.record;
      return { pseudonym, at, sortKey: KEYS.conversion(at, journeyId, n), expires: true };
    }
    case 'engagement': {
      const { pseudonym, at, messageId, action } = entry.record;
      return { pseudonym, at, sortKey: KEYS.engagement(at, messageId, action), expires: true };
    }
    case 'journey': {
      const { pseudonym, at, journeyId, entry: n, change } = entry.record;
      return { pseudonym, at, sortKey: KEYS.journey(at, journeyId, n, change), expires: true };
    }
  }
}

/** The stored body of a log entry (what `docOf` gives back). */
export const logBodyOf = (entry: LogEntry): object => (entry.kind === 'consent-proof' ? entry.proof : entry.record);

const KIND_BY_PREFIX: ReadonlyArray<readonly [string, LogEntry['kind']]> = [
  [KEYS.decisionPrefix, 'decision'],
  [KEYS.consentPrefix, 'consent-proof'],
  [KEYS.conversionPrefix, 'conversion'],
  [KEYS.engagementPrefix, 'engagement'],
  [KEYS.journeyPrefix, 'journey'],
];

/** The log entry a stored sort key and body make, or undefined for items that are not log entries. */
export function logEntryOf(sortKey: string, body: unknown): LogEntry | undefined {
  const kind = KIND_BY_PREFIX.find(([prefix]) => sortKey.startsWith(prefix))?.[1];
  if (!kind) return undefined;
  return (kind === 'consent-proof' ? { kind, proof: body } : { kind, record: body }) as LogEntry;
}
