import type { LogEntry } from '../core/customer/log.ts';

/** One journey's messages and conversions, counted from a customer log. */
export interface JourneyTally {
  customersEntered: number;
  /** Customers for whom the journey asked for at least one message. */
  customersAsked: number;
  /** Distinct messages asked for (a deferred message decided again counts once). */
  asked: number;
  /** Distinct messages finally decided `send`. */
  sent: number;
  /** Distinct messages held back (holdout: would have been sent). */
  heldBack: number;
  /** Distinct messages finally suppressed for another reason, by its first reason. */
  suppressedBy: Record<string, number>;
  /** Decisions that deferred a message (it is decided again later). */
  deferred: number;
  /** Conversions attributed to a sent message, to a held-back one, and to none. */
  attributed: number;
  heldBackConverted: number;
  unattributed: number;
  attributedRevenue: number;
  /** Exits by outcome (journey changes in the log). */
  outcomes: Record<string, number>;
}

/** Counts a journey's decisions and conversions; a message's latest decision is its final one (log order). */
export async function tallyJourney(entries: AsyncIterable<LogEntry>, journeyId: string): Promise<JourneyTally> {
  const finalDecision = new Map<string, { outcome: string; reasons: string[]; wouldHaveSent?: boolean }>();
  const entered = new Set<string>();
  const asked = new Set<string>();
  const tally: JourneyTally = {
    ...{ customersEntered: 0, customersAsked: 0, asked: 0, sent: 0, heldBack: 0, suppressedBy: {}, deferred: 0 },
    ...{ attributed: 0, heldBackConverted: 0, unattributed: 0, attributedRevenue: 0, outcomes: {} },
  };
  for await (const entry of entries) {
    if (entry.kind === 'journey' && entry.record.journeyId === journeyId) {
      entered.add(entry.record.pseudonym);
      const { outcome } = entry.record;
      if (entry.record.change === 'exited' && outcome) tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;
    } else if (entry.kind === 'decision' && entry.record.journeyId === journeyId) {
      const { messageId, outcome, reasons, wouldHaveSent, pseudonym } = entry.record;
      asked.add(pseudonym);
      if (outcome === 'deferred') tally.deferred += 1;
      finalDecision.set(messageId, { outcome, reasons, ...(wouldHaveSent ? { wouldHaveSent } : {}) });
    } else if (entry.kind === 'conversion' && entry.record.journeyId === journeyId) {
      const { messageId, heldBack, revenue } = entry.record;
      if (!messageId) tally.unattributed += 1;
      else if (heldBack) tally.heldBackConverted += 1;
      else {
        tally.attributed += 1;
        tally.attributedRevenue += revenue ?? 0;
      }
    }
  }
  tally.customersEntered = entered.size;
  tally.customersAsked = asked.size;
  tally.asked = finalDecision.size;
  for (const decision of finalDecision.values()) {
    if (decision.outcome === 'send') tally.sent += 1;
    else if (decision.wouldHaveSent) tally.heldBack += 1;
    else if (decision.outcome === 'suppressed') {
      const reason = decision.reasons[0] ?? 'unknown';
      tally.suppressedBy[reason] = (tally.suppressedBy[reason] ?? 0) + 1;
    }
  }
  return tally;
}
