import { basename } from 'node:path';
import { Rees46Mapper } from './rees46.ts';
import type { ReplayEngine } from './replay-engine.ts';
import type { ReplayStats } from './replay-stats.ts';
import { readCsv, readJsonl, type SourceEvent, type SourceProgress } from './sources.ts';
import { syntheticProfile } from './synthetic-profiles.ts';

/** The events of a replay source: JSONL as is, CSV as REES46 rows mapped to our contract. */
export async function* sourceEvents(path: string, progress: SourceProgress): AsyncGenerator<SourceEvent> {
  if (/\.jsonl(\.gz)?$/.test(path)) {
    yield* readJsonl(path, progress);
    return;
  }
  const mapper = new Rees46Mapper(basename(path));
  for await (const row of readCsv(path, progress)) {
    const event = mapper.map(row);
    if (event) yield event;
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
