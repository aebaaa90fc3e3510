import { describe, expect, it } from 'vitest';
import { MemorySendLedger } from '../../../adapters/local/memory-send-ledger.ts';
import type { OutboundEvent } from '../../../core/customer/outbox.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import type { DeliveryRequest } from '../../../core/messages/delivery.ts';
import type { ChannelSender } from '../../../core/ports/messaging.ts';
import { type DeliveryPorts, handleDelivery } from '../../../core/use-cases/handle-delivery.ts';
import { policy } from '../../../journeys/index.ts';

const pseudonym = 'f'.repeat(64);
const request: DeliveryRequest = {
  messageId: 'purchase:ffff.1.abc:orderConfirmation:1',
  pseudonym,
  journeyId: 'purchase',
  version: 1,
  entry: 1,
  message: 'orderConfirmation',
  template: 'order-confirmation',
  channel: 'email',
  category: 'transactional',
  variables: {},
  decidedAt: '2026-11-29T10:00:00.000Z',
};

function ports(sender: ChannelSender, published: OutboundEvent[]): DeliveryPorts {
  const customer = { ...newCustomer(pseudonym), v: 1, contact: 'sealed', has: { email: true } };
  return {
    store: { load: async () => customer, save: async (state) => state, clearOutbox: async () => true },
    decisionLog: {
      append: async () => {},
      conversions: async () => [],
      engagements: async () => [],
      decisions: async () => [],
      consentHistory: async () => [],
    },
    vault: { seal: async () => '', open: async () => ({ email: 'ana@example.com' }), shred: async () => 0 },
    renderer: {
      render: async (message) => ({ ...message, subject: 'Order', body: 'Thanks' }),
    },
    channels: { email: sender },
    events: { publish: async (events) => void published.push(...events) },
    ledger: new MemorySendLedger(),
    clock: { now: () => Date.parse('2026-11-29T10:00:01Z') },
    policy,
    sender: { name: 'Shop', contact: 'help@shop.example', optOut: '080-000-0000' },
    telemetry: { info: () => {}, warn: () => {}, error: () => {}, count: () => {} },
  };
}

describe('delivery, at most once per messageId', () => {
  it('reports a message the channel recognised as already sent as a duplicate, yet announces it: the ledger has no announcement of it', async () => {
    const published: OutboundEvent[] = [];
    const alreadySent: ChannelSender = {
      channel: 'email',
      send: async () => ({ providerMessageId: 'p-1', duplicate: true }),
    };
    const result = await handleDelivery(request, ports(alreadySent, published));
    expect(result).toEqual({ status: 'duplicate', previous: { status: 'sent', providerMessageId: 'p-1' } });
    expect(published.filter((event) => event.detailType === 'message.sent')).toMatchObject([
      { detail: { messageId: request.messageId } },
    ]);
  });

  it('answers a redelivery from the ledger without calling the channel again', async () => {
    const published: OutboundEvent[] = [];
    let sends = 0;
    const sender: ChannelSender = { channel: 'email', send: async () => ({ providerMessageId: `p-${++sends}` }) };
    const wired = ports(sender, published);
    expect(await handleDelivery(request, wired)).toEqual({ status: 'sent', providerMessageId: 'p-1' });
    expect(await handleDelivery(request, wired)).toEqual({
      status: 'duplicate',
      previous: { status: 'sent', providerMessageId: 'p-1' },
    });
    expect(sends).toBe(1);
    expect(published.filter((event) => event.detailType === 'message.sent')).toHaveLength(1);
  });

  it('gives the claim back when the send fails transiently, so the retry sends', async () => {
    let attempts = 0;
    const flaky: ChannelSender = {
      channel: 'email',
      send: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('network down');
        return { providerMessageId: 'p-2' };
      },
    };
    const wired = ports(flaky, []);
    await expect(handleDelivery(request, wired)).rejects.toThrow('network down');
    expect(await handleDelivery(request, wired)).toEqual({ status: 'sent', providerMessageId: 'p-2' });
  });
});
