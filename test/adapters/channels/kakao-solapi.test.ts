import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KakaoSolapiSender, type KakaoSolapiSenderOptions } from '../../../adapters/channels/kakao-solapi.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import type { RenderedMessage } from '../../../core/ports/messaging.ts';
import { renderedMessage } from './messages.ts';
import { type SolapiFake, startSolapiFake } from './solapi-fake.ts';

const phone = '+821012345678';
const domestic = '01012345678';
const shippedText =
  '[예시샵] 홍길동님, 주문 A-1001 상품이 발송되었습니다. 운송장번호 1234567890로 배송 조회가 가능합니다.';

let fake: SolapiFake;
beforeAll(async () => {
  fake = await startSolapiFake();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const sender = (options: Partial<KakaoSolapiSenderOptions> = {}) =>
  new KakaoSolapiSender({
    apiKey: fake.apiKey,
    apiSecret: fake.apiSecret,
    baseUrl: fake.url,
    pfId: 'KA01PF2026112300000000000000001',
    from: '02-1234-5678',
    now: () => fake.now,
    ...options,
  });

function kakao(body: Record<string, unknown>, overrides: Partial<RenderedMessage> = {}): RenderedMessage {
  return renderedMessage({
    channel: 'kakao',
    category: 'transactional',
    template: 'order-shipped',
    subject: undefined,
    body: JSON.stringify(body),
    ...overrides,
  });
}

const alimtalk = (extra: Record<string, unknown> = {}) =>
  kakao({
    type: 'alimtalk',
    templateCode: 'ORDER_SHIPPED_V2',
    variables: { 주문번호: 'A-1001', '#{운송장번호}': '1234567890' },
    text: shippedText,
    ...extra,
  });

const brand = (extra: Record<string, unknown> = {}) =>
  kakao(
    { type: 'brand', text: '(광고)예시샵\n오늘만 전 상품 20% 할인!\n무료수신거부 080-000-0000', ...extra },
    { category: 'promotional', template: 'weekend-sale' },
  );

async function sendError(send: Promise<unknown>): Promise<ChannelSendError> {
  const failure = await send.catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(ChannelSendError);
  return failure as ChannelSendError;
}

describe('KakaoSolapiSender: AlimTalk', () => {
  it('sends the approved template with its variables and asks the provider for an LMS fallback', async () => {
    const message = alimtalk({ fallback: { text: shippedText, subject: '[예시샵] 발송 안내' } });
    const result = await sender().send(message, phone);

    expect(result.providerMessageId).toMatch(/^M4V/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body.messages).toEqual([
      {
        to: domestic,
        from: '0212345678',
        type: 'ATA',
        kakaoOptions: {
          pfId: 'KA01PF2026112300000000000000001',
          templateId: 'ORDER_SHIPPED_V2',
          variables: { '#{주문번호}': 'A-1001', '#{운송장번호}': '1234567890' },
          disableSms: false,
        },
        replacements: [
          { to: domestic, from: '0212345678', type: 'LMS', text: shippedText, subject: '[예시샵] 발송 안내' },
        ],
        customFields: { messageId: 'cart:3f1c:reminded:1' },
      },
    ]);
  });

  it('succeeds when KakaoTalk cannot deliver, and the provider delivers the fallback text instead', async () => {
    fake.withoutKakaoTalk.add(domestic);
    const { providerMessageId } = await sender().send(alimtalk(), phone);

    expect(fake.reports).toEqual([
      { messageId: providerMessageId, type: 'ATA', to: domestic, statusCode: '3104', replacement: false },
      {
        messageId: providerMessageId,
        type: 'LMS',
        to: domestic,
        text: shippedText,
        statusCode: '4000',
        replacement: true,
      },
    ]);
  });

  it('falls back to an SMS when the fallback fits 90 EUC-KR bytes, without the subject', async () => {
    await sender().send(alimtalk({ fallback: { text: '주문 A-1001 발송 완료', subject: '발송 안내' } }), phone);

    const replacements = fake.requests[0]?.body.messages[0]?.replacements as unknown[] | undefined;
    const [replacement] = replacements ?? [];
    expect(replacement).toEqual({ to: domestic, from: '0212345678', type: 'SMS', text: '주문 A-1001 발송 완료' });
  });

  it('sends no fallback when the body says "fallback": false', async () => {
    await sender().send(alimtalk({ fallback: false }), phone);

    const [wire] = fake.requests[0]?.body.messages ?? [];
    expect(wire?.kakaoOptions).toMatchObject({ disableSms: true });
    expect(wire).not.toHaveProperty('replacements');
  });

  it('refuses a promotional AlimTalk without calling the provider', async () => {
    const promotional = { ...alimtalk(), category: 'promotional' as const };
    const refused = await sendError(sender().send(promotional, phone));
    expect(refused).toMatchObject({ channel: 'kakao', transient: false });
    expect(refused.message).toContain('AlimTalk carries informational messages only');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a fallback EUC-KR cannot carry, and names the character', async () => {
    const withEmoji = alimtalk({ text: `${shippedText} 🚚` });
    const error = await sendError(sender().send(withEmoji, phone));
    expect(error.transient).toBe(false);
    expect(error.message).toContain('U+1F69A');
    expect(error.message).toContain('"fallback": false');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a malformed body and an AlimTalk without a template code', async () => {
    const notJson = await sendError(sender().send(kakao({}, { body: 'not json' }), phone));
    expect(notJson.message).toContain('a kakao body must be a JSON object');
    const noTemplate = await sendError(sender().send(kakao({ type: 'alimtalk', text: '주문 완료' }), phone));
    expect(noTemplate.message).toContain('an AlimTalk message needs a templateCode');
    const badVariable = await sendError(sender().send(alimtalk({ variables: { 'order.id': 'A-1' } }), phone));
    expect(badVariable.message).toContain('without dots or braces');
  });
});

describe('KakaoSolapiSender: Brand Message', () => {
  it('sends a promotional Brand Message flagged as advertising, to channel friends, without SMS fallback', async () => {
    await sender().send(brand(), phone);

    expect(fake.requests[0]?.body.messages[0]).toEqual({
      to: domestic,
      from: '0212345678',
      type: 'BMS_FREE',
      text: '(광고)예시샵\n오늘만 전 상품 20% 할인!\n무료수신거부 080-000-0000',
      kakaoOptions: {
        pfId: 'KA01PF2026112300000000000000001',
        adFlag: true,
        disableSms: true,
        bms: { targeting: 'I', chatBubbleType: 'TEXT' },
      },
      customFields: { messageId: 'cart:3f1c:reminded:1' },
    });
  });

  it('sends a registered Brand Message template by its code', async () => {
    await sender({ targeting: 'M' }).send(brand({ templateCode: 'BMS_SALE_01', variables: { 할인율: '20%' } }), phone);

    expect(fake.requests[0]?.body.messages[0]?.kakaoOptions).toEqual({
      pfId: 'KA01PF2026112300000000000000001',
      adFlag: true,
      disableSms: true,
      templateId: 'BMS_SALE_01',
      variables: { '#{할인율}': '20%' },
      bms: { targeting: 'M' },
    });
  });

  it('refuses a transactional Brand Message and a Brand Message with a fallback', async () => {
    const transactional = await sendError(sender().send({ ...brand(), category: 'transactional' }, phone));
    expect(transactional.message).toContain('a Brand Message is advertising');
    const withFallback = await sendError(sender().send(brand({ fallback: { text: '할인' } }), phone));
    expect(withFallback.message).toContain('a Brand Message has no SMS fallback');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses Brand Messages from 20:50 to 08:00 Korea time and sends them just before', async () => {
    const at = (hour: number, minute: number) => () => Date.UTC(2026, 10, 23, hour - 9, minute);
    const night = await sendError(sender({ now: at(20, 50) }).send(brand(), phone));
    expect(night.message).toContain('not sent between 20:50 and 08:00 KST');
    await sendError(sender({ now: at(7, 59) }).send(brand(), phone));
    expect(fake.requests).toHaveLength(0);

    for (const [hour, minute, options] of [
      [20, 49, {}],
      [8, 0, {}],
      [23, 0, { nightBlock: false }],
    ] as const) {
      fake.now = at(hour, minute)();
      await sender({ now: at(hour, minute), ...options }).send(brand(), phone);
    }
    expect(fake.requests).toHaveLength(3);
  });
});
