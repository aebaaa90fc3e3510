import { days, toIso, toMs } from '../time.ts';
import type { MessageOutcome } from './funnel.ts';
import type { ReportModel } from './report-model.ts';

const utcDate = (iso: string) => toIso(toMs(iso)).slice(0, 10);

/** Messages sent per UTC day (by the final decision's time), by journey; days without a send are 0. */
export function sendsPerDay(outcomes: Iterable<MessageOutcome>): ReportModel['sendsPerDay'] {
  const byDate = new Map<string, Record<string, number>>();
  for (const { final } of outcomes) {
    if (final.outcome !== 'send') continue;
    const date = utcDate(final.decidedAt);
    const sent = byDate.get(date) ?? {};
    sent[final.journeyId] = (sent[final.journeyId] ?? 0) + 1;
    byDate.set(date, sent);
  }
  const dates = [...byDate.keys()].sort();
  const [first, last] = [dates[0], dates.at(-1)];
  if (!first || !last) return [];
  const series: ReportModel['sendsPerDay'] = [];
  for (let at = toMs(`${first}T00:00:00Z`); at <= toMs(`${last}T00:00:00Z`); at += days(1)) {
    const date = toIso(at).slice(0, 10);
    series.push({ date, sent: byDate.get(date) ?? {} });
  }
  return series;
}

/** How many customers got n messages, among customers a journey asked to message at least once (n = 0 included). */
export function messagesPerCustomer(outcomes: Iterable<MessageOutcome>): ReportModel['messagesPerCustomer'] {
  const sent = new Map<string, number>();
  for (const { final } of outcomes) {
    sent.set(final.pseudonym, (sent.get(final.pseudonym) ?? 0) + (final.outcome === 'send' ? 1 : 0));
  }
  const histogram = new Map<number, number>();
  for (const messages of sent.values()) histogram.set(messages, (histogram.get(messages) ?? 0) + 1);
  return [...histogram].sort(([a], [b]) => a - b).map(([messages, customers]) => ({ messages, customers }));
}
