import { describe, expect, it } from 'vitest';
import { MemorySendLedger } from '../../../adapters/local/memory-send-ledger.ts';
import type { OutboundEvent } from '../../../core/customer/outbox.ts';
import { type CustomerState, newCustomer } from '../../../core/customer/state.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import type { Channel } from '../../../core/events/schemas.ts';
import type { DeliveryRequest } from '../../../core/messages/delivery.ts';
import type { ChannelSender } from '../../../core/ports/messaging.ts';
import { type DeliveryPorts, handleDelivery } from '../../../core/use-cases/handle-delivery.ts';
import { policy } from '../../../journeys/index.ts';

const pseudonym = 'b'.repeat(64);
const grant = { granted: true, at: '2026-11-01T00:00:00.000Z', source: 'signup', wordingVersion: 'v1' };
const reminder: DeliveryRequest = {
  messageId: `cart:${pseudonym}.1.abc:cartReminder:1`,
  pseudonym,
  journeyId: 'cart',
  version: 1,
  entry: 1,
  message: 'cartReminder',
  template: 'cart-reminder',
  channel: 'kakao',
  fallbacks: ['email'],
  category: 'promotional',
  variables: {},
  decidedAt: '2026-11-29T10:00:00.000Z',
};

/** A channel that records each send and answers with `outcomes` in turn ('ok', 'refused' or 'down'). */
function channel(name: Channel, ...outcomes: Array<'ok' | 'refused' | 'down'>) {
  const sent: string[] = [];
  const sender: ChannelSender = {
    channel: name,
    send: async (message) => {
      sent.push(message.messageId);
      const outcome = outcomes.shift() ?? 'ok';
      if (outcome === 'ok') return { providerMessageId: `${name}-${sent.length}` };
      throw new ChannelSendError({
        channel: name,
        messageId: message.messageId,
        transient: outcome === 'down',
        reason: outcome === 'down' ? 'provider down' : 'refused',
      });
    },
  };
  return { sender, sent };
}

function wire(customer: CustomerState, senders: Array<ReturnType<typeof channel>>, published: OutboundEvent[]) {
  const ports: DeliveryPorts = {
    store: { load: async () => customer, save: async (state) => state, clearOutbox: async () => true },
    decisionLog: {
      append: async () => {},
      conversions: async () => [],
      engagements: async () => [],
      decisions: async () => [],
      consentHistory: async () => [],
    },
    vault: {
      seal: async () => '',
      open: async () => ({ email: 'ana@example.com', kakaoId: '+821012345678' }),
      shred: async () => 0,
    },
    renderer: { render: async (message) => ({ ...message, subject: 'Cart', body: '{"type":"brand","text":"x"}' }) },
    channels: Object.fromEntries(senders.map(({ sender }) => [sender.channel, sender])),
    events: { publish: async (events) => void published.push(...events) },
    ledger: new MemorySendLedger(),
    clock: { now: () => Date.parse('2026-11-29T10:00:01Z') },
    policy,
    sender: { name: 'Shop', contact: 'help@shop.example', optOut: '080-000-0000' },
    telemetry: { info: () => {}, warn: () => {}, error: () => {}, count: () => {} },
  };
  return ports;
}

const customer = (changes: Partial<CustomerState> = {}): CustomerState => ({
  ...newCustomer(pseudonym),
  v: 1,
  contact: 'sealed',
  has: { kakao: true, email: true },
  consent: { 'kakao:marketing': grant, 'email:marketing': grant },
  ...changes,
});
const sentEvents = (published: OutboundEvent[]) =>
  published.filter((event) => event.detailType === 'message.sent').map((event) => event.detail);

describe('delivery falls back along the message channels, one message in all', () => {
  it('sends on the next channel when the consent for the decided one was withdrawn after the decision', async () => {
    const kakao = channel('kakao');
    const email = channel('email');
    const published: OutboundEvent[] = [];
    const withdrawn = customer({
      consent: { 'kakao:marketing': { ...grant, granted: false }, 'email:marketing': grant },
    });

    const result = await handleDelivery(reminder, wire(withdrawn, [kakao, email], published));

    expect(result).toEqual({ status: 'sent', providerMessageId: 'email-1' });
    expect([kakao.sent, email.sent]).toEqual([[], [reminder.messageId]]);
    expect(sentEvents(published)).toMatchObject([
      { channel: 'email', fellBackFrom: ['kakao'], fallbackCauses: ['kakao: no_consent'] },
    ]);
  });

  it('stops at an erasure after the decision instead of trying the next channel', async () => {
    const kakao = channel('kakao');
    const email = channel('email');
    const erased = customer({ erasedAt: '2026-11-29T10:00:00.500Z' });

    const result = await handleDelivery(reminder, wire(erased, [kakao, email], []));

    expect(result).toEqual({ status: 'suppressed', reasons: ['erased'] });
    expect([kakao.sent, email.sent]).toEqual([[], []]);
  });

  it('retries an outage on the fallback channel without sending on the refused channel again', async () => {
    const kakao = channel('kakao', 'refused');
    const email = channel('email', 'down', 'ok');
    const ports = wire(customer(), [kakao, email], []);

    await expect(handleDelivery(reminder, ports)).rejects.toMatchObject({ transient: true });
    const retried = await handleDelivery(reminder, ports);
    const redelivered = await handleDelivery(reminder, ports);

    expect(retried).toEqual({ status: 'sent', providerMessageId: 'email-2' });
    expect(redelivered).toEqual({ status: 'duplicate', previous: retried });
    expect([kakao.sent.length, email.sent.length]).toEqual([1, 2]);
  });

  it('does not fall back when the decided channel took the message', async () => {
    const kakao = channel('kakao');
    const email = channel('email');
    const published: OutboundEvent[] = [];

    await handleDelivery(reminder, wire(customer(), [kakao, email], published));

    expect([kakao.sent.length, email.sent.length]).toEqual([1, 0]);
    expect(sentEvents(published)).toEqual([expect.not.objectContaining({ fellBackFrom: expect.anything() })]);
  });
});
