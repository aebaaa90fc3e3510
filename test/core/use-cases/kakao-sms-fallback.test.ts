import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KakaoSolapiSender } from '../../../adapters/channels/kakao-solapi.ts';
import { SolapiSmsSender } from '../../../adapters/channels/sms-solapi.ts';
import { MemorySendLedger } from '../../../adapters/local/memory-send-ledger.ts';
import { LiquidTemplateRenderer } from '../../../adapters/templates/liquid-renderer.ts';
import type { OutboundEvent } from '../../../core/customer/outbox.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import type { DeliveryRequest } from '../../../core/messages/delivery.ts';
import { type DeliveryPorts, handleDelivery } from '../../../core/use-cases/handle-delivery.ts';
import { policy } from '../../../journeys/index.ts';
import { type SolapiFake, startSolapiFake } from '../../adapters/channels/solapi-fake.ts';

/**
 * The KR order confirmation end to end through `handleDelivery`, with the real journey templates and the real SOLAPI
 * senders talking HTTP to a local server standing in for SOLAPI: nothing of ours is mocked but the store and vault.
 */
const pseudonym = 'a'.repeat(64);
const phone = '+821098765432';
const templatesDir = fileURLToPath(new URL('../../../journeys/templates/', import.meta.url));
const request: DeliveryRequest = {
  messageId: `purchase:${pseudonym}.1.abc:orderConfirmation:1`,
  pseudonym,
  journeyId: 'purchase',
  version: 1,
  entry: 1,
  message: 'orderConfirmation',
  template: 'order-confirmation',
  channel: 'kakao',
  fallbacks: ['sms', 'email'],
  category: 'transactional',
  locale: 'ko',
  country: 'KR',
  variables: { orderId: 'A-1001', total: 159000, currency: 'KRW', itemCount: 2, productId: 'sku-1042' },
  decidedAt: '2026-11-23T01:00:00.000Z',
};

let fake: SolapiFake;
beforeAll(async () => {
  fake = await startSolapiFake();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function wire(published: OutboundEvent[]): DeliveryPorts {
  const customer = {
    ...newCustomer(pseudonym),
    v: 1,
    contact: 'sealed',
    country: 'KR',
    has: { kakao: true, sms: true, email: true },
  };
  const solapi = { apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseUrl: fake.url, now: () => fake.now };
  return {
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
      open: async () => ({ phone, kakaoId: phone, email: 'jimin@example.com', firstName: '지민' }),
      shred: async () => 0,
    },
    renderer: new LiquidTemplateRenderer({ templatesDir, shop: { name: '예시샵', url: 'https://shop.example.com' } }),
    channels: {
      kakao: new KakaoSolapiSender({ ...solapi, pfId: 'KA01PF2026112300000000000000001', from: '02-1234-5678' }),
      sms: new SolapiSmsSender({ ...solapi, from: '02-1234-5678' }),
    },
    events: { publish: async (events) => void published.push(...events) },
    ledger: new MemorySendLedger(),
    clock: { now: () => fake.now },
    policy,
    sender: { name: '예시샵', contact: '02-1234-5678', optOut: '080-000-0000' },
    telemetry: { info: () => {}, warn: () => {}, error: () => {}, count: () => {} },
  };
}

const sentTypes = () => fake.requests.flatMap((request) => request.body.messages.map((message) => message.type));
const detailsOf = (published: OutboundEvent[], type: string) =>
  published.filter((event) => event.detailType === type).map((event) => event.detail as Record<string, unknown>);

describe('a KR order confirmation: AlimTalk first, SMS when the Kakao send fails', () => {
  it('goes out as an AlimTalk from the approved template, with the provider SMS fallback kept for SMS next', async () => {
    const published: OutboundEvent[] = [];
    const result = await handleDelivery(request, wire(published));

    expect(result).toMatchObject({ status: 'sent' });
    const [message] = fake.requests[0]?.body.messages ?? [];
    expect(message).toMatchObject({ type: 'ATA', to: '01098765432' });
    expect(message?.kakaoOptions).toMatchObject({
      templateId: 'ORDER_CONFIRMED_KO',
      disableSms: false,
      variables: { '#{주문번호}': 'A-1001', '#{결제금액}': '￦159,000', '#{고객명}': '지민' },
    });
    expect(message?.replacements).toEqual([
      {
        to: '01098765432',
        from: '0212345678',
        type: 'SMS',
        text: '[예시샵] 주문 완료\n주문번호 A-1001\n결제 ￦159,000',
      },
    ]);
    expect(detailsOf(published, 'message.sent')).toMatchObject([{ channel: 'kakao' }]);
    expect(detailsOf(published, 'message.sent')[0]).not.toHaveProperty('fellBackFrom');
  });

  it('falls back to one SMS on the same message when SOLAPI refuses the AlimTalk, and never sends again', async () => {
    fake.refuse = { statusCode: '3034', statusMessage: '템플릿 내용이 일치하지 않음', types: ['ATA'] };
    const published: OutboundEvent[] = [];
    const ports = wire(published);

    const result = await handleDelivery(request, ports);
    const redelivered = await handleDelivery(request, ports);

    expect(result).toMatchObject({ status: 'sent' });
    expect(redelivered).toEqual({ status: 'duplicate', previous: result });
    expect(sentTypes()).toEqual(['ATA', 'SMS']);
    expect(fake.reports).toEqual([
      expect.objectContaining({ type: 'SMS', to: '01098765432', statusCode: '4000', replacement: false }),
    ]);
    const sms = fake.requests[1]?.body.messages[0];
    expect(sms).toMatchObject({ type: 'SMS', text: '[예시샵] 지민님 주문 완료\n주문번호 A-1001\n결제 ￦159,000' });
    expect(sms).not.toHaveProperty('subject');
    const [sent] = detailsOf(published, 'message.sent');
    expect(sent).toMatchObject({ messageId: request.messageId, channel: 'sms', fellBackFrom: ['kakao'] });
    expect(sent?.fallbackCauses).toEqual([expect.stringContaining('status 3034')]);
    expect(detailsOf(published, 'message.failed')).toEqual([]);
  });

  it('leaves a KakaoTalk non-user to the provider replacement SMS: one request, one delivered text', async () => {
    fake.withoutKakaoTalk.add('01098765432');
    const published: OutboundEvent[] = [];

    await handleDelivery(request, wire(published));

    expect(sentTypes()).toEqual(['ATA']);
    expect(fake.reports.map(({ type, statusCode, replacement }) => ({ type, statusCode, replacement }))).toEqual([
      { type: 'ATA', statusCode: '3104', replacement: false },
      { type: 'SMS', statusCode: '4000', replacement: true },
    ]);
    expect(detailsOf(published, 'message.sent')).toMatchObject([{ channel: 'kakao' }]);
  });

  it('retries a transient SOLAPI outage on KakaoTalk instead of falling back to SMS', async () => {
    const ports = wire([]);
    fake.reply = { status: 503, body: JSON.stringify({ errorCode: 'ServiceUnavailable', errorMessage: 'busy' }) };
    await expect(handleDelivery(request, ports)).rejects.toMatchObject({ transient: true });
    delete fake.reply;

    expect(await handleDelivery(request, ports)).toMatchObject({ status: 'sent' });
    expect(sentTypes()).toEqual(['ATA', 'ATA']);
  });

  it('reports the message failed once, with every channel it tried, when no listed channel can take it', async () => {
    fake.refuse = { statusCode: '3034', statusMessage: '템플릿 내용이 일치하지 않음' };
    const published: OutboundEvent[] = [];

    const result = await handleDelivery(request, wire(published));

    expect(result).toEqual({ status: 'failed', error: 'no email channel is configured' });
    expect(sentTypes()).toEqual(['ATA', 'SMS']);
    expect(detailsOf(published, 'message.sent')).toEqual([]);
    expect(detailsOf(published, 'message.failed')).toMatchObject([
      { channel: 'email', fellBackFrom: ['kakao', 'sms'] },
    ]);
  });
});
