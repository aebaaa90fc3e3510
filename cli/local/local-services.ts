import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CachedLifecycleSource } from '../../adapters/cached-lifecycle-source.ts';
import { mailboxSenders } from '../../adapters/channels/mailbox-file.ts';
import { FileAccessAudit } from '../../adapters/crypto/access-audit.ts';
import { ShreddingVault } from '../../adapters/crypto/contact-vault.ts';
import { aesKeyWrapper } from '../../adapters/crypto/key-wrapping.ts';
import { loadOrCreateLocalKeys } from '../../adapters/crypto/local-keys.ts';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { TokenUnsubscribeLinks } from '../../adapters/crypto/unsubscribe-links.ts';
import { UnsubscribeTokens } from '../../adapters/crypto/unsubscribe-tokens.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import type { EmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { DynamoJourneyBudget } from '../../adapters/dynamodb/journey-budget-table.ts';
import { DynamoSendLedger } from '../../adapters/dynamodb/send-ledger.ts';
import { readLifecycleFile } from '../../adapters/local/file-journey-lifecycle.ts';
import { FileKeyStore } from '../../adapters/local/file-key-store.ts';
import { FolderExportSink } from '../../adapters/local/folder-export-sink.ts';
import { LocalEventLog, LocalRejectedStore } from '../../adapters/local/local-sinks.ts';
import { LiquidTemplateRenderer } from '../../adapters/templates/liquid-renderer.ts';
import type { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { IngestMessage, PrivacyMessage } from '../../core/messages/queue-messages.ts';
import type { PolicyConfig } from '../../core/policy/config.ts';
import type { CustomerKeyStore } from '../../core/ports/crypto.ts';
import type { Clock } from '../../core/ports/messaging.ts';
import type { MessageQueue } from '../../core/ports/queue.ts';
import type { SendLedger } from '../../core/ports/send-ledger.ts';
import type { Telemetry } from '../../core/ports/telemetry.ts';
import type { DeliveryPorts } from '../../core/use-cases/handle-delivery.ts';
import type { IngestPorts } from '../../core/use-cases/handle-ingest-message.ts';
import type { PrivacyPorts } from '../../core/use-cases/handle-privacy-message.ts';
import type { UnsubscribePorts } from '../../core/use-cases/handle-unsubscribe.ts';
import { journeyRates } from '../../core/use-cases/pace-delivery.ts';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../journeys/templates', import.meta.url));

/** The sender shown in advertising footers locally (KR, US); on AWS it comes from the stack's configuration. */
export const LOCAL_SENDER = {
  name: 'Example Shop',
  contact: 'help@shop.example.com',
  optOut: '080-000-0000',
  postalAddress: '100 Example Street, Springfield, IL 62701, USA',
};
export const LOCAL_SHOP_URL = 'https://shop.example.com';

export interface LocalPaths {
  dataDir: string;
  mailbox: string;
  events: string;
  rejected: string;
  access: string;
  deadLetters: string;
  keyring: string;
  exports: string;
  dynamodb: string;
  queues: string;
  keys: string;
  /** The journeys' lifecycle (paused, stopped), changed with `npm run journeys`. */
  lifecycle: string;
}

/** How soon the local runtime sees a change made with `npm run journeys` (ms). */
export const LOCAL_LIFECYCLE_MAX_AGE = 2_000;

export function localPaths(dataDir: string): LocalPaths {
  return {
    dataDir,
    mailbox: join(dataDir, 'mailbox.jsonl'),
    events: join(dataDir, 'events.jsonl'),
    rejected: join(dataDir, 'rejected.jsonl'),
    access: join(dataDir, 'access.jsonl'),
    deadLetters: join(dataDir, 'dead-letters.jsonl'),
    keyring: join(dataDir, 'keyring.json'),
    exports: join(dataDir, 'exports'),
    dynamodb: join(dataDir, 'dynamodb'),
    queues: join(dataDir, 'queues'),
    keys: join(dataDir, 'keys'),
    lifecycle: join(dataDir, 'journeys.json'),
  };
}

export interface LocalServices {
  table: DynamoCustomerTable;
  events: LocalEventLog;
  rejected: LocalRejectedStore;
  keyringCreated: boolean;
  pseudonymOf(customerId: string): Promise<string>;
  ingest(queues: { deliveries: MessageQueue<DeliveryRequest>; privacy: MessageQueue<PrivacyMessage> }): IngestPorts;
  deliver: DeliveryPorts;
  privacy: PrivacyPorts;
  /** The one-click unsubscribe endpoint's ports: its withdrawals go to the ingest queue. */
  unsubscribe(ingest: MessageQueue<IngestMessage>): UnsubscribePorts;
}

/** The same use cases the Lambdas run, wired to the embedded default: dynalite, local keyring, files. */
export async function localServices(options: {
  paths: LocalPaths;
  db: EmbeddedDynamoDb;
  clock: Clock;
  registry: JourneyRegistry;
  policy: PolicyConfig;
  telemetry: Telemetry;
  /** The send ledger; default: the embedded idempotency table, as on AWS. */
  ledger?: SendLedger;
  /** Where customer keys live; default: one file each under `<data-dir>/keys`. */
  keyStore?: CustomerKeyStore;
  /** The local unsubscribe endpoint; without it promotional email carries the opt-out number instead of a link. */
  unsubscribeUrl?: string;
}): Promise<LocalServices> {
  const { paths, clock, registry, policy, telemetry } = options;
  const { keys, created } = await loadOrCreateLocalKeys(paths.keyring);
  const table = new DynamoCustomerTable({ client: options.db.client, tableName: options.db.tableName });
  const vault = new ShreddingVault({
    wrapper: aesKeyWrapper(keys.contactKey),
    keys: options.keyStore ?? new FileKeyStore(paths.keys),
    audit: new FileAccessAudit(paths.access, () => clock.now()),
    now: () => clock.now(),
  });
  const pseudonymizer = new HmacPseudonymizer(async () => keys.pseudonymKey);
  const events = new LocalEventLog(paths.events);
  const budget = new DynamoJourneyBudget({ client: options.db.client, tableName: options.db.tableName });
  const lifecycle = new CachedLifecycleSource({
    location: paths.lifecycle,
    readText: () => readLifecycleFile(paths.lifecycle),
    maxAgeMs: LOCAL_LIFECYCLE_MAX_AGE,
    now: () => clock.now(),
    onInvalid: (error) =>
      telemetry.error('journey lifecycle file is invalid; the last valid one stays in force', { error: String(error) }),
  });
  const rejected = new LocalRejectedStore(paths.rejected);
  // Locally the unsubscribe key is derived from the keyring's pseudonym key (HKDF, its own label).
  const unsubscribeTokens = UnsubscribeTokens.fromSecret(keys.pseudonymKey);
  const ledger =
    options.ledger ??
    new DynamoSendLedger({
      client: options.db.client,
      tableName: options.db.idempotencyTableName,
      owner: randomUUID(),
      soleOwner: true,
    });
  return {
    table,
    events,
    rejected,
    keyringCreated: created,
    pseudonymOf: (customerId) => pseudonymizer.pseudonymOf(customerId),
    ingest: ({ deliveries, privacy }) => ({
      store: table,
      decisionLog: table,
      deliveries,
      events,
      privacy,
      rejected,
      pseudonymizer,
      vault,
      clock,
      registry,
      policy,
      telemetry,
      budget,
      lifecycle,
    }),
    deliver: {
      store: table,
      decisionLog: table,
      vault,
      renderer: new LiquidTemplateRenderer({
        templatesDir: TEMPLATES_DIR,
        shop: { name: LOCAL_SENDER.name, url: LOCAL_SHOP_URL },
      }),
      channels: mailboxSenders({ path: paths.mailbox, now: () => clock.now() }),
      events,
      ledger,
      clock,
      policy,
      sender: LOCAL_SENDER,
      ...(options.unsubscribeUrl
        ? {
            unsubscribeLinks: new TokenUnsubscribeLinks({ tokens: unsubscribeTokens, baseUrl: options.unsubscribeUrl }),
          }
        : {}),
      telemetry,
      pacing: {
        pacer: budget,
        rateOf: journeyRates(registry),
        wait: (ms) => new Promise((done) => setTimeout(done, ms)),
      },
    },
    privacy: {
      store: table,
      decisionLog: table,
      eraser: table,
      vault,
      sink: new FolderExportSink(paths.exports),
      events,
      clock,
      telemetry,
    },
    unsubscribe: (ingest) => ({
      tokens: unsubscribeTokens,
      ingest,
      clock,
      newEventId: randomUUID,
      sender: { name: LOCAL_SENDER.name, contact: LOCAL_SENDER.contact, shopUrl: LOCAL_SHOP_URL },
      telemetry,
    }),
  };
}
