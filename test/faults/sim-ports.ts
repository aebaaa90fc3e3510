import { createHash } from 'node:crypto';
import type { OutboundEvent } from '../../core/customer/outbox.ts';
import { ContactKeyDestroyedError, EncryptionContextMismatchError } from '../../core/errors.ts';
import type { Channel, Contact } from '../../core/events/schemas.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { AccessPurpose, ContactVault, Pseudonymizer } from '../../core/ports/crypto.ts';
import type {
  ChannelSender,
  Clock,
  EventPublisher,
  ExportSink,
  RenderedMessage,
  TemplateRenderer,
} from '../../core/ports/messaging.ts';
import type { DeliveryOutcome, LedgerClaim, SendLedger } from '../../core/ports/send-ledger.ts';
import type { Telemetry } from '../../core/ports/telemetry.ts';
import { DigestCounter } from './digest-set.ts';

/** In-memory stand-ins for the ports the fault suite does not get from a real in-memory adapter. */

export class VirtualClock implements Clock {
  #now: number;
  constructor(start = 0) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  set(ms: number): void {
    this.#now = ms;
  }
}

/** HMAC-like and deterministic: the same id always gives the same 64-hex pseudonym. */
export class HashPseudonymizer implements Pseudonymizer {
  readonly #cache = new Map<string, string>();
  async pseudonymOf(customerId: string): Promise<string> {
    let pseudonym = this.#cache.get(customerId);
    if (!pseudonym) {
      pseudonym = createHash('sha256').update(`fault-suite:${customerId}`).digest('hex');
      this.#cache.set(customerId, pseudonym);
    }
    return pseudonym;
  }
}

/**
 * Seals a contact to its pseudonym (not secret, but bound to the context as the real vault is). `shred` makes the
 * customer's contacts unreadable, as destroying their keys does, until the customer comes back with a new contact.
 */
export class BoundVault implements ContactVault {
  opens = 0;
  readonly #shredded = new Set<string>();
  async seal(pseudonym: string, contact: Contact): Promise<string> {
    this.#shredded.delete(pseudonym);
    return Buffer.from(JSON.stringify({ pseudonym, contact })).toString('base64');
  }
  async open(pseudonym: string, sealed: string, purpose: AccessPurpose): Promise<Contact> {
    const { pseudonym: owner, contact } = JSON.parse(Buffer.from(sealed, 'base64').toString()) as {
      pseudonym: string;
      contact: Contact;
    };
    if (owner !== pseudonym) throw new EncryptionContextMismatchError({ pseudonym, purpose: purpose.actor });
    if (this.#shredded.has(pseudonym)) throw new ContactKeyDestroyedError({ pseudonym });
    this.opens += 1;
    return contact;
  }
  async shred(pseudonym: string): Promise<number> {
    this.#shredded.add(pseudonym);
    return 1;
  }
}

export class PlainRenderer implements TemplateRenderer {
  async render(message: DeliveryRequest, personal: { firstName?: string }): Promise<RenderedMessage> {
    const { messageId, channel, category, template, variables } = message;
    const body = JSON.stringify({ hello: personal.firstName ?? null, ...variables });
    return { messageId, channel, category, template, ...(channel === 'email' ? { subject: template } : {}), body };
  }
}

/**
 * What reached the recipients, per channel and messageId. An idempotent provider (the local mailbox, a webhook
 * receiver honouring `Idempotency-Key`) recognises a messageId it already sent and says `duplicate`; a provider
 * without one (SES, SMS) sends it again.
 */
export class ChannelRecorder {
  /** messageId → how many times it reached a recipient. */
  readonly delivered: DigestCounter;
  /** How many sends the provider answered with "already sent" instead of sending again. */
  providerDuplicates = 0;
  readonly idempotent: boolean;

  constructor(options: { idempotent: boolean }, from?: ChannelRecorder) {
    this.idempotent = options.idempotent;
    this.delivered = new DigestCounter(from?.delivered);
    this.providerDuplicates = from?.providerDuplicates ?? 0;
  }

  sender(channel: Channel): ChannelSender {
    return {
      channel,
      send: async (message: RenderedMessage) => {
        if (this.idempotent && this.delivered.has(message.messageId)) {
          this.providerDuplicates += 1;
          return { providerMessageId: `${channel}:${message.messageId}`, duplicate: true };
        }
        this.delivered.add(message.messageId);
        return { providerMessageId: `${channel}:${message.messageId}` };
      },
    };
  }

  get sentTwice(): string[] {
    return [...this.delivered.counts].filter(([, times]) => times > 1).map(([messageId]) => messageId);
  }
}

type LedgerRecord = { outcome?: DeliveryOutcome; leaseUntil: number; unannounced?: true };

/** The send ledger with a lease, as `DynamoSendLedger` has: an abandoned claim can be taken again once it expired. */
export class LeasedMemoryLedger implements SendLedger {
  readonly #records: Map<string, LedgerRecord>;
  readonly #leaseMs: number;
  constructor(leaseMs = 120_000, records?: Map<string, LedgerRecord>) {
    this.#leaseMs = leaseMs;
    this.#records = new Map(records);
  }
  async claim(messageId: string, now: number): Promise<LedgerClaim> {
    const record = this.#records.get(messageId);
    if (record?.outcome) return { status: 'completed', outcome: record.outcome, announced: !record.unannounced };
    if (record && record.leaseUntil >= now) return { status: 'in_progress' };
    this.#records.set(messageId, { leaseUntil: now + this.#leaseMs });
    return { status: 'claimed' };
  }
  async complete(messageId: string, outcome: DeliveryOutcome, _now: number, options = { announced: true }) {
    this.#records.set(messageId, { outcome, leaseUntil: 0, ...(options.announced ? {} : { unannounced: true }) });
  }
  async markAnnounced(messageId: string): Promise<void> {
    const outcome = this.#records.get(messageId)?.outcome;
    if (outcome) this.#records.set(messageId, { outcome, leaseUntil: 0 });
  }
  async release(messageId: string): Promise<void> {
    if (!this.#records.get(messageId)?.outcome) this.#records.delete(messageId);
  }
  clone(): LeasedMemoryLedger {
    return new LeasedMemoryLedger(this.#leaseMs, this.#records);
  }
  /** Claims still held (not completed): none once every delivery has been handled. */
  get open(): string[] {
    return [...this.#records].filter(([, record]) => !record.outcome).map(([messageId]) => messageId);
  }
  get digest(): string {
    const entries = [...this.#records].map(
      ([id, record]) => `${id}=${JSON.stringify(record.outcome ?? 'open')}${record.unannounced ? ' unannounced' : ''}`,
    );
    return createHash('sha256').update(entries.sort().join('\n')).digest('hex');
  }
}

/** Outbound events as published, by content without their time (`at`), with how often each was published. */
export class RecordingPublisher implements EventPublisher {
  readonly published: DigestCounter;
  constructor(from?: RecordingPublisher) {
    this.published = new DigestCounter(from?.published);
  }
  async publish(events: readonly OutboundEvent[]): Promise<void> {
    for (const { detailType, detail } of events) {
      const { at: _at, ...rest } = detail;
      this.published.add(`${detailType} ${JSON.stringify(rest)}`, true);
    }
  }
}

export class MemoryExportSink implements ExportSink {
  readonly keys: DigestCounter;
  constructor(from?: MemoryExportSink) {
    this.keys = new DigestCounter(from?.keys);
  }
  async write(key: string, _body: string): Promise<string> {
    this.keys.add(key, true);
    return key;
  }
}

export const silentTelemetry: Telemetry = { info() {}, warn() {}, error() {}, count() {} };
