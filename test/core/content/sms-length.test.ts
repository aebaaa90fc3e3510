import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  eucKrByteLength,
  isEucKrEncodable,
  LMS_MAX_BYTES,
  LMS_SUBJECT_MAX_BYTES,
  lmsSubjectProblem,
  measureEucKr,
  SMS_MAX_BYTES,
  smsKindOf,
} from '../../../core/content/sms-length.ts';
import { decodedKsX1001, KS_X_1001_1998_ADDITIONS } from '../../../scripts/write-ks-x-1001-table.ts';

describe('EUC-KR length', () => {
  it('counts ASCII as 1 byte and Hangul, Hanja and KS X 1001 symbols as 2', () => {
    expect(eucKrByteLength('OK')).toBe(2);
    expect(eucKrByteLength('주문 완료')).toBe(9);
    expect(eucKrByteLength('韓國')).toBe(4);
    expect(eucKrByteLength('help@example.com · 02-000-0000')).toBe(31);
    expect(eucKrByteLength('줄\n바꿈')).toBe(7);
  });

  it('measures a real order notice as a carrier does', () => {
    const text = '[예시샵] 주문하신 상품이 발송되었습니다. 운송장 123456789';
    expect(eucKrByteLength(text)).toBe(57);
    expect(smsKindOf(text)).toBe('SMS');
  });

  it('sends exactly 90 bytes as an SMS and 91 bytes as an LMS', () => {
    const ninety = '가'.repeat(45);
    expect(eucKrByteLength(ninety)).toBe(SMS_MAX_BYTES);
    expect(smsKindOf(ninety)).toBe('SMS');
    expect(smsKindOf(`${ninety}!`)).toBe('LMS');
    expect(smsKindOf('a'.repeat(90))).toBe('SMS');
    expect(smsKindOf(`${'가'.repeat(44)}ab`)).toBe('SMS');
    expect(smsKindOf(`${'가'.repeat(44)}abc`)).toBe('LMS');
  });

  it('takes exactly 2,000 bytes as an LMS and calls 2,001 too long', () => {
    const twoThousand = '장문'.repeat(500);
    expect(eucKrByteLength(twoThousand)).toBe(LMS_MAX_BYTES);
    expect(smsKindOf(twoThousand)).toBe('LMS');
    expect(smsKindOf(`${twoThousand}.`)).toBe('too_long');
  });

  it('reports emoji and Hangul syllables outside KS X 1001 instead of counting them silently', () => {
    expect(smsKindOf('배송 출발 🚚')).toBe('not_euc_kr');
    expect(measureEucKr('똠양꿍 뷁 😀😀')).toEqual({ bytes: 14, unencodable: ['똠', '뷁', '😀'] });
    expect(isEucKrEncodable('똠')).toBe(false);
    expect(isEucKrEncodable('가')).toBe(true);
    expect(isEucKrEncodable('\ud800')).toBe(false);
  });

  it('carries the euro and registered signs of KS X 1001:1998', () => {
    expect(isEucKrEncodable('€')).toBe(true);
    expect(isEucKrEncodable('®')).toBe(true);
    expect(smsKindOf('10€ 할인')).toBe('SMS');
  });

  it('has a table equal to the platform EUC-KR decoder plus the 1998 additions', () => {
    const expected = decodedKsX1001();
    for (const char of KS_X_1001_1998_ADDITIONS) expected.add(char.codePointAt(0) as number);
    const table = new Set<number>();
    for (let codePoint = 0x80; codePoint <= 0xffff; codePoint++) {
      if (isEucKrEncodable(String.fromCharCode(codePoint))) table.add(codePoint);
    }
    expect(table.size).toBe(8226);
    expect(table).toEqual(expected);
    const hangul = [...table].filter((codePoint) => codePoint >= 0xac00 && codePoint <= 0xd7a3);
    expect(hangul).toHaveLength(2350);
  });

  it('never counts fewer bytes than characters nor more than twice as many UTF-16 units', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const bytes = eucKrByteLength(text);
        expect(bytes).toBeGreaterThanOrEqual([...text].length);
        expect(bytes).toBeLessThanOrEqual(2 * text.length);
      }),
    );
  });
});

describe('LMS subject', () => {
  it('accepts a one-line EUC-KR subject of up to 40 bytes', () => {
    expect(lmsSubjectProblem('가'.repeat(20))).toBeUndefined();
    expect(lmsSubjectProblem('')).toBeUndefined();
    expect(LMS_SUBJECT_MAX_BYTES).toBe(40);
  });

  it('refuses a subject over 40 bytes, on two lines or with emoji', () => {
    expect(lmsSubjectProblem(`${'가'.repeat(20)}a`)).toBe('an LMS subject is at most 40 bytes (got 41)');
    expect(lmsSubjectProblem('주문\n완료')).toBe('an LMS subject is one line');
    expect(lmsSubjectProblem('주문 완료 🎉')).toBe('an LMS subject has 1 character EUC-KR cannot carry (U+1F389)');
  });
});
