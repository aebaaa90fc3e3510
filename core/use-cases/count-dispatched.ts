import { METRIC } from '../contracts/metrics.ts';
import { armOf, type ConversionRecord, type DecisionRecord, type OutboxItem } from '../customer/outbox.ts';
import type { Telemetry } from '../ports/telemetry.ts';

/** The live inputs of lift (DESIGN.md §12): trials per arm and variant; the report computes the intervals. */
function countExposure(telemetry: Telemetry, record: DecisionRecord): void {
  const journey = record.journeyId;
  telemetry.count(METRIC.exposed, { journey, arm: record.wouldHaveSent ? 'held-back' : 'messaged' });
  if (record.split) {
    telemetry.count(METRIC.exposedByVariant, { journey, split: record.split.name, variant: record.split.variant });
  }
}

/** Successes and revenue per arm and variant. */
function countConversion(telemetry: Telemetry, record: ConversionRecord): void {
  const journey = record.journeyId;
  const arm = armOf(record);
  telemetry.count(METRIC.converted, { journey, arm });
  if (record.split) {
    telemetry.count(METRIC.convertedByVariant, { journey, split: record.split.name, variant: record.split.variant });
  }
  if (record.revenue !== undefined && record.currency) {
    telemetry.count(METRIC.revenue, { journey, arm, currency: record.currency }, record.revenue);
  }
}

/**
 * Metrics per journey and outcome from what a round dispatched: Entered, Exited{outcome}, Decided{outcome},
 * Suppressed / Deferred{reason}, and the lift inputs Exposed, Converted and Revenue per arm (and variant). Logged
 * fields are pseudonyms, ids and codes only.
 */
export function countDispatched(telemetry: Telemetry, items: readonly OutboxItem[]): void {
  for (const item of items) {
    if (item.kind === 'event') {
      const { detailType, detail } = item.event;
      const journey = String(detail.journeyId ?? 'none');
      if (detailType === 'journey.entered') telemetry.count(METRIC.entered, { journey });
      if (detailType === 'journey.exited') telemetry.count(METRIC.exited, { journey, outcome: String(detail.outcome) });
    } else if (item.kind === 'conversion') {
      countConversion(telemetry, item.record);
    } else if (item.kind === 'decision') {
      const { journeyId: journey, outcome, reasons } = item.record;
      telemetry.count(METRIC.decided, { journey, outcome });
      if (item.record.firstTouch) countExposure(telemetry, item.record);
      const byReason = outcome === 'deferred' ? METRIC.deferred : METRIC.suppressed;
      if (outcome !== 'shadow') for (const reason of reasons) telemetry.count(byReason, { journey, reason });
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
