/**
 * The delivery use case (`handleDelivery`: ledger claim, strong re-read and re-check, decrypt just in time, render,
 * advertising rules, send) with in-memory ports and the deployed crypto — customer keys wrapped with an RSA key
 * pair (ingest seals with the public key; delivery unwraps with the private key, then opens with AES-256-GCM)
 * — over the messages a REES46 replay decides (timers included), with a no-op channel. For CPU per message.
 * `node bench/delivery.ts [--messages 1000]`
 */
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ShreddingVault } from '../adapters/crypto/contact-vault.ts';
import { rsaKeyWrapper } from '../adapters/crypto/key-wrapping.ts';
import { HmacPseudonymizer } from '../adapters/crypto/pseudonymizer.ts';
import { MemoryCustomerTable } from '../adapters/local/memory-customer-table.ts';
import { MemoryKeyStore } from '../adapters/local/memory-key-store.ts';
import { MemorySendLedger } from '../adapters/local/memory-send-ledger.ts';
import { LiquidTemplateRenderer } from '../adapters/templates/liquid-renderer.ts';
import { DecisionDigest } from '../cli/replay/decision-digest.ts';
import { feedReplay } from '../cli/replay/feed.ts';
import { ReplayEngine, replayPolicy } from '../cli/replay/replay-engine.ts';
import { REPLAY_SENDER, type ReplayServices, TEMPLATES_DIR } from '../cli/replay/replay-services.ts';
import { ReplayStats } from '../cli/replay/replay-stats.ts';
import { CHANNELS } from '../core/events/schemas.ts';
import type { DeliveryRequest } from '../core/messages/delivery.ts';
import type { Telemetry } from '../core/ports/telemetry.ts';
import { days } from '../core/time.ts';
import { type DeliveryPorts, handleDelivery } from '../core/use-cases/handle-delivery.ts';
import { registry } from '../journeys/index.ts';
import { rees46Rows } from './engine-input.ts';
import { fmt } from './measure.ts';

export interface DeliveryRun {
  messages: number;
  messagesPerSecond: number;
  cpuMicrosPerMessage: number;
  outcomes: Record<string, number>;
}

const quiet: Telemetry = { info: () => {}, warn: () => {}, error: () => {}, count: () => {} };

/** Replays REES46 (events and timers, decisions only) and returns the delivery requests it decided, in order. */
async function decidedMessages(table: MemoryCustomerTable, vault: ShreddingVault, clock: { now(): number }) {
  const captured: DeliveryRequest[] = [];
  const pseudonymizer = new HmacPseudonymizer(async () => Buffer.alloc(32, 9));
  const noop = { send: async () => {} };
  const services: ReplayServices = {
    ...{ store: table, digest: new DecisionDigest(), close: async () => {} },
    pseudonymOf: (customerId) => pseudonymizer.pseudonymOf(customerId),
    ingest: ({ privacy }) => ({
      ...{ store: table, decisionLog: table, events: { publish: async () => {} }, privacy, rejected: noop },
      deliveries: { send: async (messages) => void captured.push(...messages) },
      ...{ pseudonymizer, vault, clock, registry, policy: replayPolicy, telemetry: quiet },
    }),
    // Never used: the ingest ports above capture the deliveries instead of handing them to the engine.
    deliver: {
      store: table,
      decisionLog: table,
      vault,
      events: { publish: async () => {} },
    } as unknown as DeliveryPorts,
  };
  const engine = new ReplayEngine(services, new ReplayStats(), 1);
  const at = engine.clock;
  clock.now = () => at.now();
  await feedReplay(engine, new ReplayStats(), await rees46Rows(), { profiles: 'synthetic', seed: 42 });
  await engine.drain(engine.virtualNow + days(35));
  return captured;
}

export async function runDelivery(limit: number): Promise<DeliveryRun> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const table = new MemoryCustomerTable();
  const keys = new MemoryKeyStore();
  const clock = { now: () => 0 };
  const audit = { record: async () => {} };
  const now = () => clock.now();
  const sealing = new ShreddingVault({ wrapper: rsaKeyWrapper({ publicKey }), keys, audit, now });
  const messages = (await decidedMessages(table, sealing, clock)).slice(0, limit);
  let sentAt = 0;
  const ports: DeliveryPorts = {
    ...{ store: table, decisionLog: table, events: { publish: async () => {} }, ledger: new MemorySendLedger() },
    vault: new ShreddingVault({ wrapper: rsaKeyWrapper({ publicKey, privateKey }), keys, audit, now: () => sentAt }),
    renderer: new LiquidTemplateRenderer({
      templatesDir: TEMPLATES_DIR,
      shop: { name: 'Shop', url: 'https://s.test' },
    }),
    channels: Object.fromEntries(
      CHANNELS.map((channel) => [channel, { channel, send: async () => ({ providerMessageId: 'p' }) }]),
    ),
    ...{ clock: { now: () => sentAt }, policy: replayPolicy, sender: REPLAY_SENDER, telemetry: quiet },
  };
  const outcomes: Record<string, number> = {};
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const message of messages) {
    sentAt = Date.parse(message.decidedAt);
    const result = await handleDelivery(message, ports);
    outcomes[result.status] = (outcomes[result.status] ?? 0) + 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    messages: messages.length,
    messagesPerSecond: messages.length / seconds,
    cpuMicrosPerMessage: (used.user + used.system) / Math.max(1, messages.length),
    outcomes,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { messages: { type: 'string' } } });
  const run = await runDelivery(Number(values.messages ?? 1000));
  console.log(
    `delivery: ${run.messages} messages, ${fmt(run.messagesPerSecond)} messages/s, ` +
      `${fmt(run.cpuMicrosPerMessage)} µs CPU/message, ${JSON.stringify(run.outcomes)}`,
  );
}
