import { writeFileSync } from 'node:fs';
import type { LogEntry } from '../../core/customer/log.ts';
import type { JourneyDefinition } from '../../core/journey-runtime/definition.ts';
import { reportModelFromLog } from '../../core/outcomes/model-from-log.ts';
import type { ReportModel } from '../../core/outcomes/report-model.ts';
import type { LogScanner } from '../../core/ports/store.ts';
import { renderReport } from '../report/render-report.ts';
import type { ReplayStats } from './replay-stats.ts';

const HOUR = 3_600_000;
const span = (ms: number) =>
  ms < 2 * 24 * HOUR ? `${Math.round((ms / HOUR) * 10) / 10} h` : `${Math.round(ms / (24 * HOUR))} days`;

/**
 * Journeys whose conversions the data cannot show: their attribution window is longer than the data, so an order
 * after a message may simply lie after the file's end (REES46's sample covers under 3 hours).
 */
export function shortDataNotes(definitions: readonly JourneyDefinition[], dataSpan: number): string[] {
  const longer = definitions.filter((definition) => (definition.conversion?.window ?? 0) > dataSpan);
  if (longer.length === 0) return [];
  const windows = longer.map((definition) => `${definition.id} ${span(definition.conversion?.window ?? 0)}`);
  return [
    `The data covers ${span(dataSpan)}, less than the attribution window of ${windows.join(', ')}: the replay keeps ` +
      'the clock running so their messages go out, but orders after them lie beyond the end of the data, so their ' +
      'conversions and lift read near zero whatever the journeys would earn. Replay months of data (e.g. the UCI ' +
      'invoices) to measure them.',
  ];
}

export interface ReplayReportInput {
  log: LogScanner;
  stats: ReplayStats;
  source: string;
  format: string;
  credit?: string;
  definitions: readonly JourneyDefinition[];
  /** First and last event time of the data (ms). */
  first: number;
  last: number;
  generatedAt: string;
  notes?: readonly string[];
}

/** The replay's outcome report (funnel, experiments, lift, attribution) from the log it wrote, as `npm run report`. */
export async function replayReportModel(input: ReplayReportInput): Promise<ReportModel> {
  const entries: LogEntry[] = [];
  for await (const entry of input.log.scanLog()) entries.push(entry);
  const { stats } = input;
  const currency = Object.entries(stats.orderRevenue).sort((a, b) => b[1] - a[1])[0]?.[0];
  return reportModelFromLog(entries, {
    title: `Journey outcomes — replay of ${input.source}`,
    generatedAt: input.generatedAt,
    source: input.source,
    description: `${input.format}, replayed on a virtual clock`,
    ...(input.credit ? { credit: input.credit } : {}),
    ...(currency ? { currency } : {}),
    seen: {
      events: stats.rows,
      customers: stats.customers.size,
      orders: stats.conversions.orders,
      revenue: Math.round((currency ? (stats.orderRevenue[currency] ?? 0) : 0) * 100) / 100,
    },
    notes: [...shortDataNotes(input.definitions, input.last - input.first), ...(input.notes ?? [])],
  });
}

/** Writes the report next to the replay's summary; returns the model it drew. */
export async function writeReplayReport(input: ReplayReportInput, path: string): Promise<ReportModel> {
  const model = await replayReportModel(input);
  writeFileSync(path, renderReport(model));
  return model;
}
