import type { DecisionRecord } from '../../core/customer/outbox.ts';
import type { ReasonCode } from '../../core/policy/config.ts';
import type { DeliveryOutcome } from './deliveries.ts';

export interface WaitingMessage {
  messageId: string;
  journeyId: string;
  template: string;
  until?: string;
  reasons: ReasonCode[];
}

/** The fate of each message, by its latest decision (a deferral decided again later counts once). */
export interface OutcomeSummary {
  messages: number;
  sent: number;
  suppressed: number;
  /** How many suppressed messages had each reason (a message with two reasons counts in both). */
  suppressedBy: Partial<Record<ReasonCode, number>>;
  waiting: WaitingMessage[];
  /** Messages a shadow version decided (never sent), counted apart from the live ones. */
  shadow: number;
  /** Of the messages sent, what delivery reported; only where the source keeps delivery outcomes (locally). */
  delivery?: { delivered: number; failed: number; pending: number };
  /** One line in plain words: `3 messages sent, 2 suppressed (no_consent ×1, frequency_cap ×1), 1 waiting until …`. */
  text: string;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `2026-11-24T08:00:00.000Z` → `2026-11-24 08:00 UTC`. */
export function minuteText(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function summaryText(summary: Omit<OutcomeSummary, 'text'>): string {
  if (summary.messages === 0) return 'no message decisions in this period';
  if (summary.messages === summary.shadow) return `${plural(summary.shadow, 'shadow decision')} (not sent)`;
  const parts = [`${plural(summary.sent, 'message')} sent`];
  const { delivery } = summary;
  if (delivery && summary.sent > 0) {
    const notYet = delivery.pending > 0 ? `, ${delivery.pending} not delivered yet` : '';
    parts[0] += ` (${delivery.delivered} delivered, ${delivery.failed} failed${notYet})`;
  }
  if (summary.suppressed > 0) {
    const reasons = Object.entries(summary.suppressedBy)
      .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
      .map(([reason, count]) => `${reason} ×${count}`);
    parts.push(`${summary.suppressed} suppressed (${reasons.join(', ')})`);
  }
  const waiting = summary.waiting.map(
    (message) => `until ${message.until ? minuteText(message.until) : '?'} (${message.reasons.join(', ')})`,
  );
  if (waiting.length === 1) parts.push(`1 waiting ${waiting[0]}`);
  else if (waiting.length > 1) parts.push(`${waiting.length} waiting: ${waiting.join('; ')}`);
  if (summary.shadow > 0) parts.push(`${plural(summary.shadow, 'shadow decision')} (not sent)`);
  return parts.join(', ');
}

/**
 * Counts outcomes by each message's latest decision: a message deferred by quiet hours and sent in the morning is
 * one sent message; one decided `send` and withheld at delivery (consent withdrawn) is one suppressed message.
 */
export function summarizeOutcomes(
  decisions: readonly DecisionRecord[],
  deliveries?: ReadonlyMap<string, DeliveryOutcome>,
): OutcomeSummary {
  const latest = new Map<string, DecisionRecord>();
  for (const decision of [...decisions].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt))) {
    latest.set(decision.messageId, decision);
  }
  const summary: Omit<OutcomeSummary, 'text'> = {
    messages: latest.size,
    sent: 0,
    suppressed: 0,
    suppressedBy: {},
    waiting: [],
    shadow: 0,
    ...(deliveries ? { delivery: { delivered: 0, failed: 0, pending: 0 } } : {}),
  };
  for (const decision of latest.values()) {
    if (decision.outcome === 'shadow') {
      summary.shadow += 1;
    } else if (decision.outcome === 'send') {
      summary.sent += 1;
      if (summary.delivery) {
        const status = deliveries?.get(decision.messageId)?.status;
        if (status === 'sent') summary.delivery.delivered += 1;
        else if (status === 'failed') summary.delivery.failed += 1;
        else summary.delivery.pending += 1;
      }
    } else if (decision.outcome === 'suppressed') {
      summary.suppressed += 1;
      for (const reason of decision.reasons) {
        summary.suppressedBy[reason] = (summary.suppressedBy[reason] ?? 0) + 1;
      }
    } else {
      summary.waiting.push({
        messageId: decision.messageId,
        journeyId: decision.journeyId,
        template: decision.template,
        ...(decision.deferredUntil ? { until: decision.deferredUntil } : {}),
        reasons: decision.reasons,
      });
    }
  }
  return { ...summary, text: summaryText(summary) };
}
