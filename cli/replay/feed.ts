import { ReplayInputError } from '../cli-errors.ts';
import { type CsvFormat, type CsvFormatOptions, csvFormatOf } from './csv-formats.ts';
import type { ReplayEngine } from './replay-engine.ts';
import type { ReplayStats } from './replay-stats.ts';
import { readCsvRows, readJsonl, type SourceEvent, type SourceProgress } from './sources.ts';
import { syntheticProfile } from './synthetic-profiles.ts';

export interface SourceOptions extends CsvFormatOptions {
  /** Sort the events by time before the replay (reads the whole file first) instead of refusing disorder. */
  sort?: boolean;
}

/** What reading a source found out: its format, and the rows that became no event (a type the replay does not map). */
export interface SourceReport {
  format: string;
  credit?: string;
  skippedRows: number;
}

async function* mappedEvents(path: string, progress: SourceProgress, options: SourceOptions, report: SourceReport) {
  if (/\.jsonl(\.gz)?$/.test(path)) {
    report.format = 'JSONL events';
    yield* readJsonl(path, progress);
    return;
  }
  let format: CsvFormat | undefined;
  const choose = (header: readonly string[]) => {
    format = csvFormatOf(header, path, options);
    report.format = format.name;
    if (format.credit) report.credit = format.credit;
  };
  for await (const { row, line } of readCsvRows(path, progress, choose)) {
    const event = (format as CsvFormat).map(row, line);
    if (event) yield { ...event, line };
    else report.skippedRows += 1;
  }
  if (!format) throw new ReplayInputError(`${path} is empty: a CSV replay needs a header line and rows`);
}

const timeOf = (event: SourceEvent) => Date.parse(String(event.detail.occurredAt));

/**
 * The events of a replay source, in time order: JSONL as is, CSV by the format its header names (or `--columns`).
 * Events out of time order stop the replay at the first one, naming its line, unless `sort` asks to sort them: a
 * replay runs one virtual clock, and an event from its past would be decided as if it were late.
 */
export async function* sourceEvents(
  path: string,
  progress: SourceProgress,
  options: SourceOptions = {},
  report: SourceReport = { format: '', skippedRows: 0 },
): AsyncGenerator<SourceEvent> {
  const events = mappedEvents(path, progress, options, report);
  if (options.sort) {
    const all: SourceEvent[] = [];
    for await (const event of events) all.push(event);
    yield* all.sort((a, b) => timeOf(a) - timeOf(b));
    return;
  }
  let latest: SourceEvent | undefined;
  for await (const event of events) {
    if (latest && timeOf(event) < timeOf(latest)) {
      throw new ReplayInputError(
        `${path}:${event.line}: occurredAt ${String(event.detail.occurredAt)} is before ` +
          `${String(latest.detail.occurredAt)} on line ${latest.line}: the replay needs events in time order ` +
          '(sort the file, or pass --sort to sort it in memory)',
      );
    }
    if (!Number.isNaN(timeOf(event))) latest = event;
    yield event;
  }
}

export interface FeedOptions {
  /** `synthetic`: seeded profile and consent events before each customer's first event. */
  profiles: 'synthetic' | 'none';
  seed: number;
  /** Stop after this many rows (default: all). */
  limit?: number;
  /** Called after every row. */
  onRow?: () => void;
}

/** Pushes every row (and, on first sight of a customer, its synthetic profile) through the engine, counting them. */
export async function feedReplay(
  engine: ReplayEngine,
  stats: ReplayStats,
  events: AsyncIterable<SourceEvent> | Iterable<SourceEvent>,
  options: FeedOptions,
): Promise<{ first: number | undefined }> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let first: number | undefined;
  for await (const event of events) {
    if (stats.rows >= limit) break;
    stats.rows += 1;
    stats.eventsByType[event.detailType] = (stats.eventsByType[event.detailType] ?? 0) + 1;
    const customerId = String(event.detail.customerId ?? '');
    const occurredAt = Date.parse(String(event.detail.occurredAt));
    first ??= occurredAt;
    await engine.pushEngagement(occurredAt);
    if (!stats.customers.has(customerId)) {
      stats.customers.add(customerId);
      if (options.profiles === 'synthetic') {
        for (const setup of syntheticProfile(customerId, occurredAt, options.seed)) {
          stats.syntheticEvents += 1;
          await engine.push(setup);
        }
      }
    }
    await engine.push(event);
    options.onRow?.();
  }
  await engine.idle();
  return { first };
}
