import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import { days } from '../../core/time.ts';
import type { ConsoleTelemetry } from '../local/console-telemetry.ts';
import type { MemorySummary } from './memory-sampler.ts';
import type { PortCalls } from './port-counter.ts';
import type { ReplayStore } from './replay-services.ts';

export interface ReplaySummary {
  source: string;
  seed: number;
  store?: ReplayStore;
  /** Order-independent digest of every decision logged (`<count>:<hex>`): equal for runs that decided the same. */
  decisionDigest?: string;
  memory?: MemorySummary;
  /** Port calls of ingest and delivery (for cost models). */
  ports?: { ingest: PortCalls; deliver: PortCalls };
  rows: number;
  eventsByType: Record<string, number>;
  syntheticEvents: number;
  rejected: number;
  customers: number;
  journeys: Record<string, { entered: number; exited: Record<string, number> }>;
  decided: Record<string, number>;
  reasons: Record<string, Record<string, number>>;
  sentByChannel: Record<string, number>;
  sentByTemplate: Record<string, number>;
  conversions: { orders: number; attributed: number; byJourney: Record<string, number>; windowDays: number };
  timing: { ingestSeconds: number; eventsPerSecond: number; drainSeconds: number; totalSeconds: number };
  virtualTime: { first: string; last: string; drainedUntil: string };
}

const increment = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

/** Counts what the replay did; conversions are orders within 7 days after a promotional journey message was sent. */
export class ReplayStats {
  readonly eventsByType: Record<string, number> = {};
  readonly customers = new Set<string>();
  rows = 0;
  syntheticEvents = 0;
  rejected = 0;
  readonly #sends = new Map<string, Array<{ at: number; journeyId: string }>>();
  #sendsSincePrune = 0;
  readonly conversions = { orders: 0, attributed: 0, byJourney: {} as Record<string, number>, windowDays: 7 };
  readonly sentByChannel: Record<string, number> = {};
  readonly sentByTemplate: Record<string, number> = {};

  ingested(kind: string): void {
    if (kind === 'rejected') this.rejected += 1;
  }

  sent(message: DeliveryRequest): void {
    increment(this.sentByChannel, message.channel);
    increment(this.sentByTemplate, message.template);
    if (message.category !== 'promotional') return;
    const at = Date.parse(message.decidedAt);
    // Only sends of the last 7 days can be credited with a later order: older ones are dropped (bounded memory).
    const list = (this.#sends.get(message.pseudonym) ?? []).filter((send) => at - send.at <= days(7));
    list.push({ at, journeyId: message.journeyId });
    this.#sends.set(message.pseudonym, list);
    if (++this.#sendsSincePrune >= 10_000) this.#prune(at);
  }

  /** Forgets customers whose last promotional send is more than 7 days before `now`: no later order can count. */
  #prune(now: number): void {
    this.#sendsSincePrune = 0;
    for (const [pseudonym, list] of this.#sends) {
      if (now - (list.at(-1)?.at ?? 0) > days(7)) this.#sends.delete(pseudonym);
    }
  }

  order(pseudonym: string, at: number): void {
    this.conversions.orders += 1;
    const recent = (this.#sends.get(pseudonym) ?? []).filter((send) => send.at < at && at - send.at <= days(7));
    const last = recent.at(-1);
    if (!last) return;
    this.conversions.attributed += 1;
    increment(this.conversions.byJourney, last.journeyId);
  }

  /** Folds the telemetry counters (Entered, Exited, Decided, Suppressed, Deferred) into the summary. */
  summarise(
    telemetry: ConsoleTelemetry,
    extra: Pick<ReplaySummary, 'source' | 'seed' | 'timing' | 'virtualTime'> &
      Partial<Pick<ReplaySummary, 'store' | 'decisionDigest' | 'memory' | 'ports'>>,
  ): ReplaySummary {
    const journeys: ReplaySummary['journeys'] = {};
    const decided: Record<string, number> = {};
    const reasons: ReplaySummary['reasons'] = {};
    for (const [key, value] of telemetry.counters) {
      const [metric, ...pairs] = key.split(' ');
      const dims = Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]));
      const journey = dims.journey ?? 'none';
      if (metric === 'Entered' || metric === 'Exited') {
        journeys[journey] ??= { entered: 0, exited: {} };
        if (metric === 'Entered') journeys[journey].entered += value;
        else increment(journeys[journey].exited, dims.outcome ?? '?', value);
      } else if (metric === 'Decided') {
        increment(decided, dims.outcome ?? '?', value);
      } else if (metric === 'Suppressed' || metric === 'Deferred' || metric === 'SuppressedAtDelivery') {
        const outcome =
          metric === 'Deferred' ? 'deferred' : metric === 'Suppressed' ? 'suppressed' : 'withheld at delivery';
        reasons[outcome] ??= {};
        increment(reasons[outcome], dims.reason ?? 'delivery re-check', value);
      }
    }
    return {
      ...extra,
      rows: this.rows,
      eventsByType: this.eventsByType,
      syntheticEvents: this.syntheticEvents,
      rejected: this.rejected,
      customers: this.customers.size,
      journeys,
      decided,
      reasons,
      sentByChannel: this.sentByChannel,
      sentByTemplate: this.sentByTemplate,
      conversions: this.conversions,
    };
  }
}
