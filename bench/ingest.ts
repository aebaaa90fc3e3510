/**
 * The ingest use case (`handleIngestMessage`: contract check, pseudonym, sealed contact, journeys, policy, one
 * conditional write, outbox dispatch) with in-memory ports — the memory customer table, the memory key store with
 * the AES key wrapper (`ShreddingVault` as deployed: a wrapped key stored per seal), no-op queues and bus — over
 * REES46 looped, each event at its own time. Also the same run with the replay's vault (one key per customer, in
 * memory), to show what creating, wrapping and storing a key per seal costs.
 * `node bench/ingest.ts [--events 60000] [--runs 3]`
 */
import { parseArgs } from 'node:util';
import { ShreddingVault } from '../adapters/crypto/contact-vault.ts';
import { aesKeyWrapper } from '../adapters/crypto/key-wrapping.ts';
import { HmacPseudonymizer } from '../adapters/crypto/pseudonymizer.ts';
import { MemoryCustomerTable } from '../adapters/local/memory-customer-table.ts';
import { MemoryKeyStore } from '../adapters/local/memory-key-store.ts';
import { DecisionDigest, digestingDecisionLog } from '../cli/replay/decision-digest.ts';
import { replayPolicy } from '../cli/replay/replay-engine.ts';
import { ReplayVault } from '../cli/replay/replay-vault.ts';
import type { SourceEvent } from '../cli/replay/sources.ts';
import type { ContactVault } from '../core/ports/crypto.ts';
import type { Telemetry } from '../core/ports/telemetry.ts';
import { handleIngestMessage, type IngestPorts } from '../core/use-cases/handle-ingest-message.ts';
import { registry } from '../journeys/index.ts';
import { looped, rees46Events } from './engine-input.ts';
import { fmt, spread } from './measure.ts';

export type VaultKind = 'deployed' | 'replay';

export interface IngestRun {
  eventsPerSecond: number;
  /** Process CPU time (user + system) per event, in microseconds. */
  cpuMicrosPerEvent: number;
  rejected: number;
  digest: string;
  /** Outbox items handed to the queues and the bus, per kind, over the run. */
  dispatched: { deliveries: number; outbound: number; privacy: number; rejected: number };
}

const quiet: Telemetry = { info: () => {}, warn: () => {}, error: () => {}, count: () => {} };

/** Fresh in-memory ports for one run; `dispatched` counts what reached the no-op queues and bus. */
export function memoryIngestPorts(vaultKind: VaultKind, clock: { now(): number }) {
  const key = Buffer.alloc(32, 7);
  const table = new MemoryCustomerTable();
  const digest = new DecisionDigest();
  const dispatched = { deliveries: 0, outbound: 0, privacy: 0, rejected: 0 };
  const count = (kind: keyof typeof dispatched, by: number) => {
    dispatched[kind] += by;
  };
  const now = () => clock.now();
  const vault: ContactVault =
    vaultKind === 'replay'
      ? new ReplayVault({ audit: { record: async () => {} }, now })
      : new ShreddingVault({
          wrapper: aesKeyWrapper(key),
          keys: new MemoryKeyStore(),
          audit: { record: async () => {} },
          now,
        });
  const ports: IngestPorts = {
    store: table,
    decisionLog: digestingDecisionLog(table, digest),
    deliveries: { send: async (messages) => count('deliveries', messages.length) },
    privacy: { send: async (messages) => count('privacy', messages.length) },
    rejected: { send: async (messages) => count('rejected', messages.length) },
    events: { publish: async (events) => count('outbound', events.length) },
    pseudonymizer: new HmacPseudonymizer(async () => Buffer.alloc(32, 9)),
    vault,
    clock,
    registry,
    policy: replayPolicy,
    telemetry: quiet,
  };
  return { ports, digest, dispatched };
}

/** One run over `events` in order, each at max(its time, the latest time so far). */
export async function runIngest(events: readonly SourceEvent[], vaultKind: VaultKind): Promise<IngestRun> {
  let now = 0;
  const { ports, digest, dispatched } = memoryIngestPorts(vaultKind, { now: () => now });
  let rejected = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const event of events) {
    now = Math.max(now, Date.parse(String(event.detail.occurredAt)));
    const message = { kind: 'customer-event' as const, detailType: event.detailType, detail: event.detail };
    const result = await handleIngestMessage(message, ports);
    if (result.kind === 'rejected') rejected += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    eventsPerSecond: events.length / seconds,
    cpuMicrosPerEvent: (used.user + used.system) / events.length,
    rejected,
    digest: digest.value,
    dispatched,
  };
}

/**
 * Bytes a typical contact takes in the customer item as deployed (format 2 with its wrapped key, a binary attribute)
 * minus what the replay vault's sealed contact takes there: the cost model adds it to the item sizes sampled in
 * replays.
 */
export async function contactSizeDifference(): Promise<number> {
  const contact = { firstName: 'Seo-yeon', email: 'rees46-512345678@example.test', phone: '+15551234567' };
  const sdk = await memoryIngestPorts('deployed', { now: () => 0 }).ports.vault.seal('p'.repeat(64), contact);
  const replay = await memoryIngestPorts('replay', { now: () => 0 }).ports.vault.seal('p'.repeat(64), contact);
  return Buffer.from(sdk, 'base64').length - Buffer.from(replay, 'base64').length;
}

export async function ingestInput(total: number): Promise<SourceEvent[]> {
  return looped(await rees46Events(), total);
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { events: { type: 'string' }, runs: { type: 'string' } } });
  const input = await ingestInput(Number(values.events ?? 60_000));
  for (const vault of ['deployed', 'replay'] as const) {
    const runs: IngestRun[] = [];
    for (let run = 0; run < Number(values.runs ?? 3); run += 1) runs.push(await runIngest(input, vault));
    const rates = spread(runs.map((run) => run.eventsPerSecond));
    const cpu = spread(runs.map((run) => run.cpuMicrosPerEvent));
    console.log(
      `ingest (${vault} vault): ${input.length} events, ${rates.map((rate) => fmt(rate)).join(' / ')} ev/s ` +
        `(min/median/max), ${cpu.map((micros) => fmt(micros)).join(' / ')} µs CPU/event, ${runs[0]?.rejected} rejected, ` +
        `decisions ${runs[0]?.digest} (${new Set(runs.map((run) => run.digest)).size} distinct)`,
    );
  }
}
