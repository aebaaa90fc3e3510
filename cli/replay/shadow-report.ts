import type { LogEntry } from '../../core/customer/log.ts';
import type { DecisionRecord } from '../../core/customer/outbox.ts';
import type { VersionRef } from '../version-ref.ts';

/** Decisions of the live version and of its shadow, by `template` → `send` / `suppressed: <reasons>` / … → count. */
export interface ShadowTally {
  live: Record<string, Record<string, number>>;
  shadow: Record<string, Record<string, number>>;
}

const add = (table: ShadowTally['live'], template: string, row: string) => {
  table[template] ??= {};
  table[template][row] = (table[template][row] ?? 0) + 1;
};

const rowOf = (outcome: string, reasons: readonly string[]) =>
  outcome === 'send' ? 'decided send' : `${outcome}: ${reasons.join(' + ') || '—'}`;

/**
 * Counts one journey's decisions in a log: the live version's by outcome, the shadow's by the outcome it would have
 * had (`wouldBe`). Re-checks at delivery are not decisions of the journey and are left out on both sides.
 */
export async function tallyShadow(log: AsyncIterable<LogEntry>, journeyId: string): Promise<ShadowTally> {
  const tally: ShadowTally = { live: {}, shadow: {} };
  for await (const entry of log) {
    if (entry.kind !== 'decision') continue;
    const record: DecisionRecord = entry.record;
    if (record.journeyId !== journeyId || record.trigger.type === 'delivery') continue;
    if (record.outcome === 'shadow')
      add(tally.shadow, record.template, rowOf(record.wouldBe ?? 'send', record.reasons));
    else add(tally.live, record.template, rowOf(record.outcome, record.reasons));
  }
  return tally;
}

const n = (value: number) => value.toLocaleString('en-US');
const signed = (value: number) => (value > 0 ? `+${n(value)}` : value < 0 ? `−${n(-value)}` : '0');
const total = (table: ShadowTally['live']) =>
  Object.values(table).reduce((sum, rows) => sum + (rows['decided send'] ?? 0), 0);

/** The shadow run beside the live version, as a section of the replay summary. */
export function shadowMarkdown(tally: ShadowTally, shadow: VersionRef, liveVersion: number): string {
  const live = `${shadow.journeyId}@${liveVersion}`;
  const candidate = `${shadow.journeyId}@${shadow.version}`;
  const templates = [...new Set([...Object.keys(tally.live), ...Object.keys(tally.shadow)])].sort();
  const rows = templates.flatMap((template) => {
    const labels = [
      ...new Set([...Object.keys(tally.live[template] ?? {}), ...Object.keys(tally.shadow[template] ?? {})]),
    ];
    return labels.sort().map((label) => {
      const a = tally.live[template]?.[label] ?? 0;
      const b = tally.shadow[template]?.[label] ?? 0;
      return `| ${template} | ${label} | ${n(a)} | ${n(b)} | ${signed(b - a)} |`;
    });
  });
  return [
    `## Shadow ${candidate} beside ${live}`,
    '',
    `${candidate} ran as a shadow (as \`npm run journeys -- shadow ${candidate}\` runs it in production): it entered, ` +
      `waited and decided on the same customers and events as ${live}, its decisions were logged with outcome ` +
      `shadow, and it sent nothing. Decided sends: ${n(total(tally.live))} live, ${n(total(tally.shadow))} shadow.`,
    '',
    `| template | decision | ${live} (live) | ${candidate} (shadow) | change |`,
    '|---|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
