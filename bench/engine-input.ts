import { createHash } from 'node:crypto';
import { Rees46Mapper, uuidFrom } from '../cli/replay/rees46.ts';
import { readCsv, type SourceEvent } from '../cli/replay/sources.ts';
import { syntheticProfile } from '../cli/replay/synthetic-profiles.ts';
import { parseCustomerEvent } from '../core/events/parse.ts';
import { channelsOf, type ProtectedEvent } from '../core/events/protected.ts';
import { toIso, toMs } from '../core/time.ts';
import { DEFAULT_MIX, syntheticMix } from './synthetic-mix.ts';

export const REES46 = new URL('../../shared/data/rees46_2019-Oct_first_2h50m.csv.gz', import.meta.url).pathname;

/** An event as the pure engine takes it: the pseudonym and the protected event (contact sealed as a stand-in). */
export interface EngineEvent {
  pseudonym: string;
  event: ProtectedEvent;
  at: number;
}

const pseudonymOf = (customerId: string) => createHash('sha256').update(customerId).digest('hex');

/** Validated, protected events without any I/O: the contact becomes an opaque blob with its `has` flags. */
export function protect(source: SourceEvent): EngineEvent {
  const parsed = parseCustomerEvent(source.detailType, source.detail);
  const { customerId, ...rest } = parsed as typeof parsed & { contact?: Record<string, string> };
  const event = (
    parsed.type === 'customer.profile_updated' && parsed.contact
      ? { ...rest, contact: { blob: 'sealed', has: channelsOf(parsed.contact) } }
      : rest
  ) as ProtectedEvent;
  return { pseudonym: pseudonymOf(customerId), event, at: toMs(parsed.occurredAt) };
}

/**
 * Seeded synthetic profiles and consents before each customer's first event, in replay order (as `npm run replay`
 * pushes them: the consents, dated up to years back, right before the customer's first event).
 */
export function inReplayOrder(events: Iterable<SourceEvent>, seed: number): SourceEvent[] {
  const seen = new Set<string>();
  const out: SourceEvent[] = [];
  for (const event of events) {
    const customerId = String(event.detail.customerId);
    if (!seen.has(customerId)) {
      seen.add(customerId);
      out.push(...syntheticProfile(customerId, toMs(String(event.detail.occurredAt)), seed));
    }
    out.push(event);
  }
  return out;
}

/** The same events as `inReplayOrder`, sorted by time (each consent at its own time). */
const withProfiles = (events: Iterable<SourceEvent>, seed: number) =>
  inReplayOrder(events, seed).sort((a, b) => String(a.detail.occurredAt).localeCompare(String(b.detail.occurredAt)));

/** The REES46 rows mapped to our contract, in file order, without profiles. */
export async function rees46Rows(): Promise<SourceEvent[]> {
  const mapper = new Rees46Mapper('rees46');
  const events: SourceEvent[] = [];
  for await (const row of readCsv(REES46, { bytesRead: 0, totalBytes: 0 })) {
    const event = mapper.map(row);
    if (event) events.push(event);
  }
  return events;
}

/** The REES46 sample with seeded synthetic profiles and consents before each customer's first event, in time order. */
export async function rees46Events(seed = 42): Promise<SourceEvent[]> {
  return withProfiles(await rees46Rows(), seed);
}

/** The first `rows` rows of the synthetic mix (bench/synthetic-mix.ts) with seeded profiles, in time order. */
export async function syntheticMixEvents(rows: number, seed = 42): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  for (const event of syntheticMix({ ...DEFAULT_MIX, seed })) {
    if (events.length >= rows) break;
    events.push(event);
  }
  return withProfiles(events, seed);
}

/**
 * The sample looped until `total` events: loop n shifts every time by n × the sample's span and gives its customers
 * and events new ids, so each loop is new traffic with the same shape.
 */
export function looped(events: readonly SourceEvent[], total: number): SourceEvent[] {
  const times = events.map((event) => toMs(String(event.detail.occurredAt)));
  const span = Math.max(...times) - Math.min(...times) + 3_600_000;
  const out: SourceEvent[] = [];
  for (let loop = 0; out.length < total; loop += 1) {
    for (const [index, event] of events.entries()) {
      if (out.length >= total) break;
      const detail = { ...event.detail };
      detail.occurredAt = toIso((times[index] as number) + loop * span);
      detail.eventId = uuidFrom(`loop:${loop}:${detail.eventId}`);
      detail.customerId = `${detail.customerId}~${loop}`;
      out.push({ detailType: event.detailType, detail });
    }
  }
  return out;
}
