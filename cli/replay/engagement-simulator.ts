import { bucketOf } from '../../core/hash.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import { toIso, toMs } from '../../core/time.ts';
import { uuidFrom } from './rees46.ts';
import type { SourceEvent } from './sources.ts';

/**
 * The rates `--simulate-engagement` draws with: plausible for retail email and SMS, stated in the README and the
 * report's notes; they only populate the funnel's lower half, they measure nothing.
 */
export const ENGAGEMENT_RATES = {
  /** Of sent messages: the rest hard-bounce. */
  delivered: 0.98,
  /** Of delivered emails: opened at all; of those, by a machine (e.g. Apple Mail Privacy Protection). */
  opened: 0.4,
  machineOpened: 0.3,
  /** Of delivered messages a person opened (SMS and KakaoTalk: of delivered): clicked. */
  clicked: 0.2,
} as const;

const MINUTE = 60_000;
const AFTER = { delivered: 1 * MINUTE, bounced: 1 * MINUTE, opened: 90 * MINUTE, clicked: 95 * MINUTE };

/**
 * Draws, for every message the replay sends, the delivery and engagement events a channel would report, seeded by
 * the replay's seed and the messageId (the same replay draws the same events), and hands them back in time order
 * once the replay's clock has reached them.
 */
export class EngagementSimulator {
  readonly #seed: number;
  /** The customer behind each pseudonym seen: the channel's report names the customer, as the contract asks. */
  readonly #customers = new Map<string, string>();
  #pending: SourceEvent[] = [];

  constructor(seed: number) {
    this.#seed = seed;
  }

  saw(customerId: string, pseudonym: string): void {
    this.#customers.set(pseudonym, customerId);
  }

  get pending(): number {
    return this.#pending.length;
  }

  #draw(message: DeliveryRequest, what: string, rate: number): boolean {
    return bucketOf(`engagement:${this.#seed}:${what}:${message.messageId}`, 10_000) < rate * 10_000;
  }

  /** Records the events a sent message will produce. */
  sent(message: DeliveryRequest, sentAt: number): void {
    const customerId = this.#customers.get(message.pseudonym);
    if (customerId === undefined) return;
    const event = (detailType: string, after: number, extra: Record<string, unknown> = {}): SourceEvent => ({
      detailType,
      detail: {
        v: 1,
        eventId: uuidFrom(`simulated:${detailType}:${message.messageId}`),
        occurredAt: toIso(sentAt + after),
        customerId,
        messageId: message.messageId,
        channel: message.channel,
        ...extra,
      },
    });
    if (!this.#draw(message, 'delivered', ENGAGEMENT_RATES.delivered)) {
      this.#pending.push(event('message.bounced', AFTER.bounced, { bounceType: 'hard' }));
      return;
    }
    this.#pending.push(event('message.delivered', AFTER.delivered));
    let personOpened = message.channel !== 'email';
    if (message.channel === 'email' && this.#draw(message, 'opened', ENGAGEMENT_RATES.opened)) {
      const machine = this.#draw(message, 'machine', ENGAGEMENT_RATES.machineOpened);
      this.#pending.push(event('message.opened', AFTER.opened, machine ? { machine: true } : {}));
      personOpened = !machine;
    }
    if (personOpened && this.#draw(message, 'clicked', ENGAGEMENT_RATES.clicked)) {
      this.#pending.push(event('message.clicked', AFTER.clicked));
    }
  }

  /** The events due by `until`, earliest first, taken out of the pending list. */
  due(until: number): SourceEvent[] {
    const time = (event: SourceEvent) => toMs(String(event.detail.occurredAt));
    const due = this.#pending.filter((event) => time(event) <= until).sort((a, b) => time(a) - time(b));
    if (due.length > 0) this.#pending = this.#pending.filter((event) => time(event) > until);
    return due;
  }
}
