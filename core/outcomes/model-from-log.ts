import type { LogEntry } from '../customer/log.ts';
import { buildReportModel } from './build-report-model.ts';
import { outcomeRecordOf } from './from-log.ts';
import type { OutcomeRecord } from './records.ts';
import type { ReportModel } from './report-model.ts';

export interface LogReportOptions {
  title: string;
  generatedAt: string;
  /** Where the log came from, e.g. "table journeys-prod" (the data set's name). */
  source: string;
  /** Revenue currency; default: the one most conversions were recorded in. */
  currency?: string;
  /** What a source that read every event knows besides the log (a replay): events read, every order and its revenue. */
  seen?: { events: number; customers: number; orders: number; revenue: number };
  description?: string;
  credit?: string;
  /** Notes of the source's own (e.g. a data set shorter than an attribution window). */
  notes?: readonly string[];
}

const mostFrequent = (values: readonly string[]): string | undefined => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
};

/**
 * A report model from a customer log as a store keeps it (decisions, journey entries and exits, conversions,
 * engagement). Conversions recorded in another currency than the report's count as conversions without revenue, and
 * the notes say how many.
 */
export function reportModelFromLog(entries: readonly LogEntry[], options: LogReportOptions): ReportModel {
  const conversions = entries.flatMap((entry) => (entry.kind === 'conversion' ? [entry.record] : []));
  const currency =
    options.currency ?? mostFrequent(conversions.flatMap((c) => (c.currency ? [c.currency] : []))) ?? 'EUR';
  const records: OutcomeRecord[] = [];
  const customers = new Set<string>();
  const times: string[] = [];
  let otherCurrency = 0;
  for (const entry of entries) {
    let record = outcomeRecordOf(entry);
    if (!record) continue;
    if (entry.kind === 'conversion' && record.kind === 'conversion' && entry.record.currency !== currency) {
      if (record.revenue !== undefined) otherCurrency += 1;
      const { revenue: _revenue, ...withoutRevenue } = record;
      record = withoutRevenue;
    }
    records.push(record);
    customers.add(entry.kind === 'consent-proof' ? entry.proof.pseudonym : entry.record.pseudonym);
    times.push(record.kind === 'decision' ? record.record.decidedAt : record.at);
  }
  times.sort();
  const rules = [...new Set(conversions.map((conversion) => conversion.rule))];
  const engagementSeen = entries.some((entry) => entry.kind === 'engagement');
  const notes = [
    ...(options.notes ?? []),
    options.seen
      ? 'Read from the log of a replay that saw every event: decisions, journey entries and exits, conversions and ' +
        'engagement; every order of the period and its revenue come from the events read.'
      : 'Read from the log the store keeps for its retention period: decisions, journey entries and exits, ' +
        'conversions and engagement. Orders that reached no journey goal are not in it, so attributed orders have ' +
        'no total here.',
    ...(engagementSeen
      ? []
      : [
          'No delivery or engagement events arrived, so delivered, opened and clicked are 0: on AWS the SES event ' +
            'destination feeds them; locally, npm run replay -- --simulate-engagement does.',
        ]),
    ...(otherCurrency > 0
      ? [
          `${otherCurrency} ${otherCurrency === 1 ? 'conversion was' : 'conversions were'} recorded in another ` +
            `currency than ${currency}; their revenue is left out.`,
        ]
      : []),
  ];
  const from = times[0] ?? options.generatedAt;
  const attributionRule = rules.length > 0 ? rules.join('; ') : 'no conversions recorded';
  return buildReportModel(records, {
    title: options.title,
    generatedAt: options.generatedAt,
    currency,
    dataSet: {
      name: options.source,
      ...(options.description ? { description: options.description } : {}),
      ...(options.credit ? { credit: options.credit } : {}),
      from,
      to: times.at(-1) ?? from,
      customers: options.seen?.customers ?? customers.size,
      ...(options.seen ? { events: options.seen.events } : {}),
      notes,
    },
    attribution: {
      rule: attributionRule,
      ...(options.seen ? { orders: options.seen.orders, revenue: options.seen.revenue } : {}),
    },
  });
}
