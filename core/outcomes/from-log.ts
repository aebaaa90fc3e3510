import type { LogEntry } from '../customer/log.ts';
import type { OutcomeRecord } from './records.ts';

const DELIVERY_STATUS = { delivered: 'delivered', bounced: 'bounced', failed: 'failed' } as const;

/**
 * The outcome record a log entry stands for, if any: the same log the engine and the delivery function write, so a
 * report read from a store counts exactly what happened there. Consent proofs and machine opens (mail privacy
 * prefetch) count for nothing here, nor do a shadow version's decisions.
 */
export function outcomeRecordOf(entry: LogEntry): OutcomeRecord | undefined {
  switch (entry.kind) {
    case 'decision':
      // A shadow version's decisions are the comparison's, not the live outcome's (decision 0011).
      return entry.record.outcome === 'shadow' ? undefined : { kind: 'decision', record: entry.record };
    case 'journey': {
      const { journeyId, pseudonym, entry: n, at, change, outcome } = entry.record;
      return change === 'entered'
        ? { kind: 'entered', journeyId, pseudonym, entry: n, at }
        : { kind: 'exited', journeyId, pseudonym, entry: n, at, outcome: outcome ?? 'exited' };
    }
    case 'conversion': {
      const { journeyId, pseudonym, entry: n, at, messageId, revenue, rule } = entry.record;
      return {
        kind: 'conversion',
        journeyId,
        pseudonym,
        entry: n,
        at,
        rule,
        ...(messageId ? { messageId } : {}),
        ...(revenue !== undefined ? { revenue } : {}),
      };
    }
    case 'engagement': {
      const { action, messageId, at, machine } = entry.record;
      if (action === 'delivered' || action === 'bounced' || action === 'failed') {
        return { kind: 'delivery', messageId, at, status: DELIVERY_STATUS[action] };
      }
      if (machine) return undefined;
      return { kind: 'engagement', messageId, at, action };
    }
    case 'consent-proof':
      return undefined;
  }
}
