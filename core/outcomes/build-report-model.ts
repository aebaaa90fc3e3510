import { type ExperimentOptions, experimentsFrom } from './experiments.ts';
import { buildFunnels, conversionsByInstance, FUNNEL_DEFINITIONS, finalDecisions } from './funnel.ts';
import type { OutcomeRecord } from './records.ts';
import type { ReportModel } from './report-model.ts';
import { messagesPerCustomer, sendsPerDay } from './series.ts';

export interface ReportMeta extends ExperimentOptions {
  title: string;
  /** When the model was made (time is an argument in the core). */
  generatedAt: string;
  currency: string;
  dataSet: ReportModel['dataSet'];
  /** The attribution rule in words, and every order of the period (attributed or not) with its revenue. */
  attribution: { rule: string; orders?: number; revenue?: number };
}

/** A report model from outcome records (a replay's or an export of the decision log's) and what they cannot say. */
export function buildReportModel(records: readonly OutcomeRecord[], meta: ReportMeta): ReportModel {
  const outcomes = [...finalDecisions(records).values()];
  const journeys = buildFunnels(records);
  const attributed = journeys.flatMap((journey) => journey.messages);
  return {
    version: 1,
    title: meta.title,
    generatedAt: meta.generatedAt,
    currency: meta.currency,
    dataSet: meta.dataSet,
    journeys,
    sendsPerDay: sendsPerDay(outcomes),
    experiments: experimentsFrom(outcomes, conversionsByInstance(records), meta),
    attribution: {
      ...meta.attribution,
      attributedOrders: attributed.reduce((sum, message) => sum + message.converted, 0),
      attributedRevenue: attributed.reduce((sum, message) => sum + message.revenue, 0),
    },
    messagesPerCustomer: messagesPerCustomer(outcomes),
    definitions: FUNNEL_DEFINITIONS.map(({ term, definition }) => ({ term, definition })),
  };
}
