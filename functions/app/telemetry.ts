import type { OutboxItem } from '../../core/customer/outbox.ts';

/** What the application services need from logging and metrics; Powertools on AWS, the console locally. */
export interface Telemetry {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  count(metric: string, dimensions?: Record<string, string>, value?: number): void;
}

/**
 * Metrics per journey and outcome from what a round dispatched: Entered, Exited{outcome}, Decided{outcome},
 * Suppressed{reason}. Logged fields are pseudonyms, ids and codes only.
 */
export function recordDispatched(telemetry: Telemetry, items: readonly OutboxItem[]): void {
  for (const item of items) {
    if (item.kind === 'event') {
      const { detailType, detail } = item.event;
      const journey = String(detail.journeyId ?? 'none');
      if (detailType === 'journey.entered') telemetry.count('Entered', { journey });
      if (detailType === 'journey.exited') telemetry.count('Exited', { journey, outcome: String(detail.outcome) });
    } else if (item.kind === 'decision') {
      const { journeyId: journey, outcome, reasons } = item.record;
      telemetry.count('Decided', { journey, outcome });
      for (const reason of reasons)
        telemetry.count(outcome === 'deferred' ? 'Deferred' : 'Suppressed', { journey, reason });
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
