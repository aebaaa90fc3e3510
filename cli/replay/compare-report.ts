import type { LogEntry } from '../../core/customer/log.ts';

/** What one compared version did: message counts per `journey · template` and journey counts, by row label. */
export interface VersionTally {
  label: string;
  decisionDigest: string;
  /**
   * `journey · template` → `sent` / `suppressed: <reasons>` / `deferred: <reasons>` / `withheld at delivery: <reasons>`
   * / `failed at the channel` → count.
   */
  messages: Record<string, Record<string, number>>;
  /** journey → `entered` / `exited: <outcome>` / `orders attributed` → count. */
  journeys: Record<string, Record<string, number>>;
  /** `journey · template` → median time from the journey's entry to a decision to send (ms), compared journey only. */
  medianToSend: Record<string, number>;
}

/** The replay both versions ran: the same source, rows, customers, seed and virtual time. */
export interface CompareContext {
  /** The compared journey: its rows are always shown, other journeys' only where they differ. */
  journeyId: string;
  source: string;
  rows: number;
  customers: number;
  seed: number;
  drainedUntil: string;
  /** The journeys that ran unchanged on both sides, as `id@version`. */
  unchanged: readonly string[];
}

const add = (table: Record<string, Record<string, number>>, key: string, row: string, by = 1) => {
  table[key] ??= {};
  table[key][row] = (table[key][row] ?? 0) + by;
};

/** Counts a replay's log and sends: each decision by outcome and reasons, each delivered message as `sent`. */
export async function tallyVersion(input: {
  label: string;
  /** The compared journey: its sends are timed from their entry (its entries are held in memory for that). */
  timedJourney: string;
  decisionDigest: string;
  log: AsyncIterable<LogEntry>;
  sentByTemplate: Readonly<Record<string, number>>;
  attributedByJourney: Readonly<Record<string, number>>;
}): Promise<VersionTally> {
  const messages: VersionTally['messages'] = {};
  const journeys: VersionTally['journeys'] = {};
  const journeyOfTemplate = new Map<string, string>();
  const decidedSend = new Map<string, number>();
  const enteredAt = new Map<string, number>();
  const toSend = new Map<string, number[]>();
  for await (const entry of input.log) {
    if (entry.kind === 'journey') {
      const { pseudonym, journeyId, entry: n, at, change, outcome } = entry.record;
      // Kept after the exit too: a journey's last message can be logged after the exit of the same round.
      if (change === 'entered' && journeyId === input.timedJourney) {
        enteredAt.set(`${pseudonym} ${n}`, Date.parse(at));
      }
      add(journeys, journeyId, change === 'entered' ? 'entered' : `exited: ${outcome ?? '?'}`);
    } else if (entry.kind === 'decision') {
      const { pseudonym, journeyId, entry: n, template, outcome, reasons, decidedAt, trigger } = entry.record;
      journeyOfTemplate.set(template, journeyId);
      const key = `${journeyId} · ${template}`;
      if (trigger.type === 'delivery') {
        // The delivery re-check replaces the decision to send (same log key): withheld, not a second decision.
        decidedSend.set(key, (decidedSend.get(key) ?? 0) - 1);
        add(messages, key, `withheld at delivery: ${reasons.join(' + ')}`);
        continue;
      }
      if (outcome !== 'send') {
        add(messages, key, `${outcome}: ${reasons.join(' + ') || '—'}`);
        continue;
      }
      decidedSend.set(key, (decidedSend.get(key) ?? 0) + 1);
      const entered = journeyId === input.timedJourney ? enteredAt.get(`${pseudonym} ${n}`) : undefined;
      if (entered === undefined) continue;
      const delays = toSend.get(key) ?? [];
      delays.push(Date.parse(decidedAt) - entered);
      toSend.set(key, delays);
    }
  }
  for (const [template, count] of Object.entries(input.sentByTemplate)) {
    add(messages, `${journeyOfTemplate.get(template) ?? '?'} · ${template}`, 'sent', count);
  }
  for (const [key, decided] of decidedSend) {
    const unsent = decided - (messages[key]?.sent ?? 0);
    if (unsent > 0) add(messages, key, 'failed at the channel', unsent);
  }
  for (const [journeyId, count] of Object.entries(input.attributedByJourney)) {
    add(journeys, journeyId, 'orders attributed', count);
  }
  const medianToSend = Object.fromEntries([...toSend].map(([key, delays]) => [key, median(delays)]));
  return { label: input.label, decisionDigest: input.decisionDigest, messages, journeys, medianToSend };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** `45 min`, `1 h 2 min`, `1 d 3 h 12 min`: durations to the minute, largest unit first. */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.round(ms / 60_000);
  const parts: Array<[number, string]> = [
    [Math.floor(totalMinutes / 1440), 'd'],
    [Math.floor((totalMinutes % 1440) / 60), 'h'],
    [totalMinutes % 60, 'min'],
  ];
  const shown = parts.filter(([amount]) => amount > 0).map(([amount, unit]) => `${amount} ${unit}`);
  return shown.join(' ') || '0 min';
}

interface Row {
  group: string;
  row: string;
  a: number;
  b: number;
}

const ROW_ORDER = ['sent', 'entered', 'suppressed', 'withheld', 'deferred', 'failed'];
function rowOrder(row: string): number {
  const index = ROW_ORDER.findIndex((start) => row.startsWith(start));
  return index === -1 ? ROW_ORDER.length : index;
}

function rowsOf(a: VersionTally['messages'], b: VersionTally['messages']): Row[] {
  const groups = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return groups.flatMap((group) =>
    [...new Set([...Object.keys(a[group] ?? {}), ...Object.keys(b[group] ?? {})])]
      .sort((x, y) => rowOrder(x) - rowOrder(y) || x.localeCompare(y))
      .map((row) => ({ group, row, a: a[group]?.[row] ?? 0, b: b[group]?.[row] ?? 0 })),
  );
}

const TO_SEND = 'median time from entry to send';

function timingRows(a: VersionTally, b: VersionTally): Row[] {
  const groups = [...new Set([...Object.keys(a.medianToSend), ...Object.keys(b.medianToSend)])].sort();
  return groups.map((group) => ({
    group,
    row: TO_SEND,
    a: a.medianToSend[group] ?? Number.NaN,
    b: b.medianToSend[group] ?? Number.NaN,
  }));
}

const n = (value: number) => value.toLocaleString('en-US');
const signed = (value: number) => (value > 0 ? `+${n(value)}` : value < 0 ? `−${n(-value)}` : '0');
/** A count, or a median time (`—` on the side that sent none). */
function value(row: Row, side: 'a' | 'b'): string {
  if (row.row !== TO_SEND) return n(row[side]);
  return Number.isNaN(row[side]) ? '—' : formatDuration(row[side]);
}
function change(row: Row): string {
  const { a, b } = row;
  if (a === b) return '0';
  if (row.row === TO_SEND) {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? 'new' : 'none';
    return `${b > a ? '+' : '−'}${formatDuration(Math.abs(b - a))}`;
  }
  return a === 0 ? signed(b - a) : `${signed(b - a)} (${signed(Math.round(((b - a) / a) * 100))} %)`;
}

function table(header: string, labels: readonly [string, string], rows: readonly Row[]): string {
  return [
    `| ${header} | | ${labels[0]} | ${labels[1]} | change |`,
    '|---|---|---:|---:|---:|',
    ...rows.map((row) => `| ${row.group} | ${row.row} | ${value(row, 'a')} | ${value(row, 'b')} | ${change(row)} |`),
  ].join('\n');
}

/** Every count (and median time to send) that differs between the two versions. */
export function differences(a: VersionTally, b: VersionTally): Row[] {
  return [...rowsOf(a.messages, b.messages), ...timingRows(a, b), ...rowsOf(a.journeys, b.journeys)].filter(
    (row) => row.a !== row.b,
  );
}

/** The compared journey's rows and every group with a difference; the other groups named on one line. */
function section(
  title: string,
  header: string,
  labels: readonly [string, string],
  rows: Row[],
  shown: (g: string) => boolean,
) {
  const changed = new Set(rows.filter((row) => row.a !== row.b).map((row) => row.group));
  const visible = rows.filter((row) => shown(row.group) || changed.has(row.group));
  const hidden = [...new Set(rows.map((row) => row.group))].filter((group) => !shown(group) && !changed.has(group));
  return [
    `## ${title}`,
    ...(visible.length > 0 ? [table(header, labels, visible)] : []),
    ...(hidden.length > 0 ? [`\nThe same in both: ${hidden.join(', ')}.`] : []),
    '',
  ];
}

/** The side-by-side comparison as Markdown (printed, and written to `<data dir>/compare-report.md`). */
export function compareMarkdown(context: CompareContext, a: VersionTally, b: VersionTally): string {
  const labels = [a.label, b.label] as const;
  const changed = differences(a, b);
  const summary =
    changed.length === 0
      ? [`No difference: ${a.label} and ${b.label} decided and sent exactly the same.`]
      : changed.map((row) => `- ${row.group}, ${row.row}: ${value(row, 'a')} → ${value(row, 'b')}, ${change(row)}`);
  const compared = (group: string) => group === context.journeyId || group.startsWith(`${context.journeyId} · `);
  return [
    `# ${a.label} vs ${b.label} on ${context.source}`,
    '',
    `The same ${n(context.rows)} rows (${n(context.customers)} customers, seed ${context.seed}) replayed once per ` +
      `version and drained until ${context.drainedUntil}; the other journeys ran unchanged ` +
      `(${context.unchanged.join(', ') || 'none'}). Every journey is counted: a change in one can move another's ` +
      "messages (frequency caps, priority conflicts). Decided sends are timed from the customer's journey entry.",
    `Decision digests: ${a.decisionDigest} (${a.label}), ${b.decisionDigest} (${b.label}).`,
    '',
    '## Differences',
    ...summary,
    '',
    ...section(
      'Messages by template and outcome',
      'journey · template',
      labels,
      rowsOf(a.messages, b.messages),
      compared,
    ),
    ...section('Time to send', 'journey · template', labels, timingRows(a, b), compared),
    ...section('Journeys', 'journey', labels, rowsOf(a.journeys, b.journeys), compared),
  ].join('\n');
}
