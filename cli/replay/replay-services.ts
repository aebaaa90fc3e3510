import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mailboxLineOf } from '../../adapters/channels/mailbox-file.ts';
import type { AccessAuditLog, AccessRecord } from '../../adapters/crypto/access-audit.ts';
import { loadOrCreateLocalKeys } from '../../adapters/crypto/local-keys.ts';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { MemoryCustomerTable } from '../../adapters/local/memory-customer-table.ts';
import { MemoryJourneyBudget } from '../../adapters/local/memory-journey-budget.ts';
import { MemorySendLedger } from '../../adapters/local/memory-send-ledger.ts';
import { LiquidTemplateRenderer } from '../../adapters/templates/liquid-renderer.ts';
import { ORCHESTRATOR_SOURCE } from '../../core/contracts/sources.ts';
import type { OutboundEvent } from '../../core/customer/outbox.ts';
import { CHANNELS, type Channel } from '../../core/events/schemas.ts';
import type { JourneyLifecycles } from '../../core/journey-runtime/lifecycle.ts';
import type { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { PrivacyMessage } from '../../core/messages/queue-messages.ts';
import type { RejectedEvent } from '../../core/messages/rejected.ts';
import type { PolicyConfig } from '../../core/policy/config.ts';
import type { ChannelSender, Clock, EventPublisher, RenderedMessage } from '../../core/ports/messaging.ts';
import type { MessageQueue } from '../../core/ports/queue.ts';
import type { CustomerStore } from '../../core/ports/store.ts';
import type { Telemetry } from '../../core/ports/telemetry.ts';
import type { DeliveryPorts } from '../../core/use-cases/handle-delivery.ts';
import type { IngestPorts } from '../../core/use-cases/handle-ingest-message.ts';
import type { LocalPaths } from '../local/local-services.ts';
import { DecisionDigest, digestingDecisionLog } from './decision-digest.ts';
import { FileDecisionLog } from './file-decision-log.ts';
import { LineBuffer } from './line-buffer.ts';
import { BoundedMap, CachedPseudonymizer, WriteBackCustomerStore } from './replay-caches.ts';
import { ReplayVault } from './replay-vault.ts';

/**
 * The local runtime's templates and sender (cli/local/local-services.ts holds the same; a test keeps them equal),
 * here so that an in-memory replay does not load the AWS SDK and the Encryption SDK that module wires.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../journeys/templates', import.meta.url));
export const REPLAY_SENDER = {
  name: 'Example Shop',
  contact: 'help@shop.example.com',
  optOut: '080-000-0000',
  postalAddress: '100 Example Street, Springfield, IL 62701, USA',
};

/** The local runtime's data dir layout (`localPaths` in cli/local/local-services.ts), for the same reason. */
export function replayPaths(dataDir: string): LocalPaths {
  const file = (name: string) => join(dataDir, name);
  return {
    ...{ dataDir, mailbox: file('mailbox.jsonl'), events: file('events.jsonl'), rejected: file('rejected.jsonl') },
    ...{ access: file('access.jsonl'), deadLetters: file('dead-letters.jsonl'), keyring: file('keyring.json') },
    ...{ exports: file('exports'), dynamodb: file('dynamodb'), queues: file('queues'), keys: file('keys') },
    lifecycle: file('journeys.json'),
  };
}

/** Where a replay keeps customers: in memory (a backtest, the default) or in the embedded DynamoDB, as `npm start`. */
export type ReplayStore = 'memory' | 'dynamodb';

/** The ports a replay drives the use cases with, and the digest of every decision they logged. */
export interface ReplayServices {
  store: CustomerStore;
  digest: DecisionDigest;
  pseudonymOf(customerId: string): Promise<string>;
  ingest(queues: { deliveries: MessageQueue<DeliveryRequest>; privacy: MessageQueue<PrivacyMessage> }): IngestPorts;
  deliver: DeliveryPorts;
  /** Memory store only: customers held parsed (hot) and items packed in the table (cold). */
  tiers?(): { hot: number; packed: number };
  /** Writes what is still buffered; call once at the end. */
  close(): Promise<void>;
}

export interface ReplayServicesOptions {
  paths: LocalPaths;
  clock: Clock;
  registry: JourneyRegistry;
  policy: PolicyConfig;
  telemetry: Telemetry;
  /** Memory store only: deep-freeze every state the replay's cache holds (a test that nothing writes to them). */
  freezeStates?: boolean;
  /** The lifecycle configuration the whole replay runs under. */
  lifecycle?: JourneyLifecycles;
  /** Memory store only: how many customers used last stay parsed; the others are packed (default 512, decision 0010). */
  hotCustomers?: number;
}

/** The replay's lifecycle configuration as the engine's port reads it: fixed for the whole replay. */
export const fixedLifecycle = (lifecycle: JourneyLifecycles | undefined) =>
  lifecycle ? { lifecycle: { current: async () => lifecycle } } : {};

/** The audit of every decrypt, as `.data/access.jsonl` holds it, written in chunks. */
class BufferedAccessAudit implements AccessAuditLog {
  readonly #file: LineBuffer;
  readonly #now: () => number;
  constructor(file: LineBuffer, now: () => number) {
    this.#file = file;
    this.#now = now;
  }
  async record(entry: AccessRecord): Promise<void> {
    this.#file.append({ at: new Date(this.#now()).toISOString(), ...entry });
  }
}

/** Every channel delivers to the mailbox file, one masked line per message (the local mailbox's format). */
function mailboxSenders(file: LineBuffer, now: () => number): Record<Channel, ChannelSender> {
  const sender = (channel: Channel): ChannelSender => ({
    channel,
    send: async (message: RenderedMessage, address: string) => {
      file.append(mailboxLineOf(message, address, now()));
      return { providerMessageId: `mailbox:${message.messageId}` };
    },
  });
  return Object.fromEntries(CHANNELS.map((channel) => [channel, sender(channel)])) as Record<Channel, ChannelSender>;
}

/**
 * The replay's own wiring for `--store memory`: the in-memory customer table (the DynamoDB table's semantics) behind
 * a read cache, the replay's contact vault (per-customer keys in memory), a windowed send ledger, the decision log
 * and consent history appended to files, and the local files (mailbox, events, rejected, access audit) written in
 * chunks: the same use cases as every other runtime, in memory that does not grow with the number of events.
 */
export async function memoryReplayServices(options: ReplayServicesOptions): Promise<ReplayServices> {
  const { paths, clock, registry, policy, telemetry } = options;
  const { keys } = await loadOrCreateLocalKeys(paths.keyring);
  const now = () => clock.now();
  const files = {
    mailbox: new LineBuffer(paths.mailbox),
    events: new LineBuffer(paths.events),
    rejected: new LineBuffer(paths.rejected),
    access: new LineBuffer(paths.access),
  };
  // The customers used last are held parsed and written back when they fall out; the table packs all but a few
  // into a file (the cold tier): a number in memory per idle customer instead of ~2.4 KB of JSON.
  const table = new MemoryCustomerTable({ hotItems: 16, spillTo: join(paths.dataDir, 'cold-customers') });
  const budget = new MemoryJourneyBudget();
  const capacity = options.hotCustomers ?? 512;
  const store = new WriteBackCustomerStore(table, { capacity, freeze: options.freezeStates ?? false });
  const digest = new DecisionDigest();
  const log = new FileDecisionLog(join(paths.dataDir, 'log.jsonl'));
  const decisionLog = digestingDecisionLog(log, digest);
  const vault = new ReplayVault({ audit: new BufferedAccessAudit(files.access, now), now });
  const pseudonymizer = new CachedPseudonymizer(new HmacPseudonymizer(async () => keys.pseudonymKey));
  const events: EventPublisher = {
    publish: async (outbound: readonly OutboundEvent[]) => {
      for (const event of outbound) {
        files.events.append({ source: ORCHESTRATOR_SOURCE, 'detail-type': event.detailType, detail: event.detail });
      }
    },
  };
  const rejected: MessageQueue<RejectedEvent> = { send: async (records) => files.rejected.append(...records) };
  return {
    store,
    digest,
    pseudonymOf: (customerId) => pseudonymizer.pseudonymOf(customerId),
    ingest: ({ deliveries, privacy }) => ({
      ...{ store, decisionLog, deliveries, events, privacy, rejected, pseudonymizer, vault },
      ...{ clock, registry, policy, telemetry, budget },
      ...fixedLifecycle(options.lifecycle),
    }),
    deliver: {
      ...{ store, decisionLog, vault, events, clock, policy, telemetry, sender: REPLAY_SENDER },
      renderer: new LiquidTemplateRenderer({
        templatesDir: TEMPLATES_DIR,
        shop: { name: REPLAY_SENDER.name, url: 'https://shop.example.com' },
      }),
      channels: mailboxSenders(files.mailbox, now),
      // Each delivery is handled once, right after its decision: a window of the last messageIds is enough.
      ledger: new MemorySendLedger({ records: new BoundedMap(20_000) }),
    },
    tiers: () => ({ hot: store.held, packed: table.tiers().packed }),
    close: async () => {
      store.flush();
      table.close();
      for (const file of Object.values(files)) file.close();
      log.close();
    },
  };
}
