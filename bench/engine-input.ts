import { createHash } from 'node:crypto';
import { Rees46Mapper, uuidFrom } from '../cli/replay/rees46.ts';
import { readCsv, type SourceEvent } from '../cli/replay/sources.ts';
import { syntheticProfile } from '../cli/replay/synthetic-profiles.ts';
import { parseCustomerEvent } from '../core/events/parse.ts';
import { channelsOf, type ProtectedEvent } from '../core/events/protected.ts';
import { toIso, toMs } from '../core/time.ts';

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

/** The REES46 sample with seeded synthetic profiles and consents before each customer's first event, in time order. */
export async function rees46Events(seed = 42): Promise<SourceEvent[]> {
  const mapper = new Rees46Mapper('rees46');
  const seen = new Set<string>();
  const events: SourceEvent[] = [];
  for await (const row of readCsv(REES46, { bytesRead: 0, totalBytes: 0 })) {
    const event = mapper.map(row);
    if (!event) continue;
    const customerId = String(event.detail.customerId);
    if (!seen.has(customerId)) {
      seen.add(customerId);
      events.push(...syntheticProfile(customerId, toMs(String(event.detail.occurredAt)), seed));
    }
    events.push(event);
  }
  return events.sort((a, b) => String(a.detail.occurredAt).localeCompare(String(b.detail.occurredAt)));
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
