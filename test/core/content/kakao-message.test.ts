import { describe, expect, it } from 'vitest';
import { alimtalkFallback, parseKakaoMessage, templateVariables } from '../../../core/content/kakao-message.ts';
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
