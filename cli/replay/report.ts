import type { ReplaySummary } from './replay-stats.ts';

const table = (header: [string, string], rows: Array<[string, number | string]>) =>
  [`| ${header[0]} | ${header[1]} |`, '|---|---:|', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n');
const sorted = (record: Record<string, number>) =>
  Object.entries(record).sort((a, b) => b[1] - a[1]) as Array<[string, number]>;
const n = (value: number) => value.toLocaleString('en-US');

/** The replay summary as Markdown (also printed at the end of a replay). */
export function summaryMarkdown(summary: ReplaySummary): string {
  const journeyRows: Array<[string, string]> = Object.entries(summary.journeys).map(([journey, counts]) => [
    journey,
    `entered ${n(counts.entered)}; exited ${
      sorted(counts.exited)
        .map(([outcome, count]) => `${outcome} ${n(count)}`)
        .join(', ') || '—'
    }`,
  ]);
  const reasonRows: Array<[string, number]> = Object.entries(summary.reasons).flatMap(([outcome, reasons]) =>
    sorted(reasons).map(([reason, count]) => [`${outcome}: ${reason}`, count] as [string, number]),
  );
  const { conversions, timing } = summary;
  return [
    `# Replay of ${summary.source}`,
    '',
    `${n(summary.rows)} rows, ${n(summary.customers)} customers, seed ${summary.seed}. Virtual time ${summary.virtualTime.first} → ` +
      `${summary.virtualTime.last}, drained until ${summary.virtualTime.drainedUntil}.`,
    `Ingest ${timing.ingestSeconds.toFixed(1)} s (${n(Math.round(timing.eventsPerSecond))} events/s including ` +
      `${n(summary.syntheticEvents)} synthetic profile/consent events), drain ${timing.drainSeconds.toFixed(1)} s, total ${timing.totalSeconds.toFixed(1)} s.`,
    ...(summary.store ? [`Store: ${summary.store}.`] : []),
    ...(summary.memory ? [`Peak RSS ${n(summary.memory.peakRssMb)} MB.`] : []),
    ...(summary.decisionDigest ? [`Decision digest: ${summary.decisionDigest}.`] : []),
    '',
    '## Events by type',
    table(
      ['detail-type', 'events'],
      sorted(summary.eventsByType).map(([type, count]) => [type, n(count)]),
    ),
    `\nRejected by the contract: ${n(summary.rejected)}.`,
    '',
    '## Journeys',
    table(['journey', 'entered / exited by outcome'], journeyRows),
    '',
    '## Messages decided',
    table(
      ['outcome', 'messages'],
      sorted(summary.decided).map(([outcome, count]) => [outcome, n(count)]),
    ),
    '',
    table(
      ['outcome: reason', 'messages'],
      reasonRows.map(([key, count]) => [key, n(count)]),
    ),
    '',
    '## Sent',
    table(
      ['channel', 'messages'],
      sorted(summary.sentByChannel).map(([channel, count]) => [channel, n(count)]),
    ),
    '',
    table(
      ['template', 'messages'],
      sorted(summary.sentByTemplate).map(([template, count]) => [template, n(count)]),
    ),
    '',
    `## Conversions\n${n(conversions.attributed)} of ${n(conversions.orders)} orders came within ${conversions.windowDays} days after a ` +
      `promotional journey message to the same customer${
        conversions.attributed > 0
          ? ` (${sorted(conversions.byJourney)
              .map(([journey, count]) => `${journey} ${n(count)}`)
              .join(', ')})`
          : ''
      }.`,
    '',
  ].join('\n');
}
