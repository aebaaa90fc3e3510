import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rees46Mapper, uuidFrom } from '../../cli/replay/rees46.ts';
import { readCsv, type SourceEvent } from '../../cli/replay/sources.ts';
import { syntheticProfile } from '../../cli/replay/synthetic-profiles.ts';
import { fnv1a } from '../../core/hash.ts';

/** The REES46 sample shared by the project's machines (see ../shared/data/README.md). */
export const REES46_SAMPLE = fileURLToPath(
  new URL('../../../shared/data/rees46_2019-Oct_first_2h50m.csv.gz', import.meta.url),
);

export const hasRees46Sample = () => existsSync(REES46_SAMPLE);

export interface Rees46Input {
  events: SourceEvent[];
  rows: number;
  customers: number;
  synthetic: number;
  /** Extra events beyond replay's mapping: bus duplicates, privacy requests, withdrawals, contract violations. */
  extras: Record<string, number>;
}

const SIX_DAYS = 6 * 86_400_000;

/**
 * Replay dates synthetic consents up to 900 days before the first event, and ingest refuses anything older than the
 * 7-day dedupe horizon (decision 0005) — so almost no consent would apply (reported as a product bug, see
 * known-defects.test.ts). Unless told otherwise, such consents are dated 6 days back instead.
 */
function withinHorizon(event: SourceEvent, firstSeen: number): void {
  if (event.detailType !== 'consent.changed') return;
  const at = Date.parse(String(event.detail.occurredAt));
  if (at < firstSeen - SIX_DAYS) event.detail.occurredAt = new Date(firstSeen - SIX_DAYS).toISOString();
}

/**
 * The first `rows` rows of the sample, streamed and mapped exactly as `npm run replay` does (same eventIds, the
 * synthetic profile and consents of seed 42 before each customer's first event, consents dated within the dedupe
 * horizon), plus a few deterministic extras so
 * every port is reached: the bus delivering an event twice (1 in 97), an export request (1 customer in 150), an
 * erasure request (1 in 200), a withdrawal of e-mail consent (1 in 200) and an event that breaks the contract
 * (1 in 500: rejected, never retried).
 */
export async function loadRees46(
  rows: number,
  options: { seed?: number; consentsWithinHorizon?: boolean } = {},
): Promise<Rees46Input> {
  const { seed = 42, consentsWithinHorizon = true } = options;
  const mapper = new Rees46Mapper(basename(REES46_SAMPLE));
  const seen = new Set<string>();
  const events: SourceEvent[] = [];
  const extras: Record<string, number> = {};
  const extra = (kind: string, event: SourceEvent) => {
    extras[kind] = (extras[kind] ?? 0) + 1;
    events.push(event);
  };
  let read = 0;
  let synthetic = 0;
  const progress = { bytesRead: 0, totalBytes: 0 };
  for await (const row of readCsv(REES46_SAMPLE, progress)) {
    if (read >= rows) break;
    read += 1;
    const event = mapper.map(row);
    if (!event) continue;
    const customerId = String(event.detail.customerId);
    const occurredAt = String(event.detail.occurredAt);
    const base = (kind: string) => ({ v: 1, eventId: uuidFrom(`faults:${kind}:${read}`), occurredAt, customerId });
    const bucket = fnv1a(`faults:${customerId}`) % 600;
    if (!seen.has(customerId)) {
      seen.add(customerId);
      const firstSeen = Date.parse(occurredAt);
      const profile = syntheticProfile(customerId, firstSeen, seed);
      if (consentsWithinHorizon) for (const setup of profile) withinHorizon(setup, firstSeen);
      synthetic += profile.length;
      events.push(...profile);
      events.push(event);
      if (bucket % 200 === 7) {
        const withdrawal = { channel: 'email', purpose: 'marketing', granted: false, source: 'preference-center' };
        extra('consent.withdrawn', {
          detailType: 'consent.changed',
          detail: { ...base('withdraw'), ...withdrawal, wordingVersion: 'v1' },
        });
      }
      if (bucket % 150 === 3) {
        extra('privacy.export_requested', {
          detailType: 'privacy.export_requested',
          detail: { ...base('export'), requestId: `export-${read}` },
        });
      }
      if (bucket % 200 === 11) {
        extra('privacy.erasure_requested', {
          detailType: 'privacy.erasure_requested',
          detail: { ...base('erasure'), requestId: `erasure-${read}` },
        });
      }
    } else events.push(event);
    if (read % 97 === 0) extra('bus duplicate', structuredClone(event));
    if (read % 500 === 250) {
      extra('contract violation', {
        detailType: 'customer.profile_updated',
        detail: { ...base('invalid'), contact: { phone: 'not-a-phone' } },
      });
    }
  }
  return { events, rows: read, customers: seen.size, synthetic, extras };
}
