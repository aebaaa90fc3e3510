import { describe, expect, it } from 'vitest';
import {
  alimtalkFallback,
  applyKakaoRules,
  parseKakaoMessage,
  promotionalWordingIn,
  templateVariables,
} from '../../../core/content/kakao-message.ts';
import { TemplateError } from '../../../core/errors.ts';

const parse = (body: unknown) => parseKakaoMessage({ template: 'order-shipped', body: JSON.stringify(body) });
const alimtalk = { type: 'alimtalk', templateCode: 'ORDER_SHIPPED', text: '주문하신 상품이 발송되었습니다.' };

describe('kakao message bodies', () => {
  it('reads an AlimTalk body and gives its variables as #{name}', () => {
    const message = parse({ ...alimtalk, variables: { 주문번호: 'A-1001', '#{이름}': '홍길동' } });
    expect(templateVariables(message)).toEqual({ '#{주문번호}': 'A-1001', '#{이름}': '홍길동' });
    expect(templateVariables(parse(alimtalk))).toEqual({});
  });

  it('uses the text as the SMS fallback unless the body gives one or turns it off', () => {
    expect(alimtalkFallback(parse(alimtalk))).toEqual({ type: 'SMS', text: alimtalk.text });
    expect(alimtalkFallback(parse({ ...alimtalk, fallback: { text: '발송 완료' } }))).toEqual({
      type: 'SMS',
      text: '발송 완료',
    });
    expect(alimtalkFallback(parse({ ...alimtalk, fallback: false }))).toBeUndefined();
  });

  it('says which fallback cannot go as SMS/LMS', () => {
    expect(alimtalkFallback(parse({ ...alimtalk, fallback: { text: '발송 🚚' } }))).toEqual({
      problem: 'AlimTalk fallback: the text has 1 character EUC-KR cannot carry (U+1F69A)',
    });
  });

  it('rejects unknown fields, unknown products and empty text as template errors', () => {
    expect(() => parse({ ...alimtalk, colour: 'red' })).toThrow(TemplateError);
    expect(() => parse({ ...alimtalk, type: 'friendtalk' })).toThrow('type: must be "alimtalk" or "brand"');
    expect(() => parse({ ...alimtalk, text: '' })).toThrow('text: must not be empty');
    expect(() => parse([1, 2])).toThrow('invalid kakao body');
  });
});

describe('the KakaoTalk rules the policy applies at delivery', () => {
  const rendered = (body: unknown, category: 'transactional' | 'promotional' = 'transactional') => ({
    messageId: 'purchase:p:orderConfirmation:1',
    channel: 'kakao' as const,
    category,
    template: 'order-confirmation',
    body: JSON.stringify(body),
  });

  it('refuses a promotional AlimTalk and a transactional Brand Message', () => {
    expect(applyKakaoRules(rendered(alimtalk, 'promotional'), 'sms')).toEqual({
      problem: 'AlimTalk carries informational messages only; send promotional ones as a Brand Message',
    });
    expect(applyKakaoRules(rendered({ type: 'brand', text: '신상품' }), undefined)).toEqual({
      problem: 'a Brand Message is advertising; send transactional messages as AlimTalk',
    });
  });

  it("keeps the provider's SMS replacement of an AlimTalk only when SMS is the message's next channel", () => {
    const message = rendered(alimtalk);
    expect(applyKakaoRules(message, 'sms')).toEqual(message);
    for (const next of ['email', undefined]) {
      const sent = applyKakaoRules(message, next);
      expect('body' in sent && JSON.parse(sent.body)).toEqual({ ...alimtalk, fallback: false });
    }
  });
});

describe('promotional wording in informational texts', () => {
  it('finds discounts, coupons, events and sales in Korean and English, in order', () => {
    expect(promotionalWordingIn('주문 완료! 다음 주문 10% 할인 쿠폰을 드려요')).toEqual(['10% 할인', '할인', '쿠폰']);
    expect(promotionalWordingIn('Order shipped. Use coupon SAVE for a discount on your next deal')).toEqual([
      'coupon',
      'discount',
      'deal',
    ]);
  });

  it('finds nothing in an order confirmation', () => {
    const text = '지민님, 주문이 완료되었습니다.\n주문번호: A-1001\n결제 금액: ￦159,000\nYour order is confirmed.';
    expect(promotionalWordingIn(text)).toEqual([]);
  });
});
