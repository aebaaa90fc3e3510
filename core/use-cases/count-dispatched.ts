import { METRIC } from '../contracts/metrics.ts';
import type { OutboxItem } from '../customer/outbox.ts';
import type { Telemetry } from '../ports/telemetry.ts';

/**
 * Metrics per journey and outcome from what a round dispatched: Entered, Exited{outcome}, Decided{outcome},
 * Suppressed / Deferred{reason}. Logged fields are pseudonyms, ids and codes only.
 */
export function countDispatched(telemetry: Telemetry, items: readonly OutboxItem[]): void {
  for (const item of items) {
    if (item.kind === 'event') {
      const { detailType, detail } = item.event;
      const journey = String(detail.journeyId ?? 'none');
      if (detailType === 'journey.entered') telemetry.count(METRIC.entered, { journey });
      if (detailType === 'journey.exited') telemetry.count(METRIC.exited, { journey, outcome: String(detail.outcome) });
    } else if (item.kind === 'decision') {
      const { journeyId: journey, outcome, reasons } = item.record;
      telemetry.count(METRIC.decided, { journey, outcome });
      const byReason = outcome === 'deferred' ? METRIC.deferred : METRIC.suppressed;
      for (const reason of reasons) telemetry.count(byReason, { journey, reason });
      telemetry.info('message decided', {
        pseudonym: item.record.pseudonym,
        messageId: item.record.messageId,
        journey,
        template: item.record.template,
        outcome,
        reasons,
      });
    }
  }
}
