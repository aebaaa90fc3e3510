import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail, maskPccc, maskPhone } from '../../../core/content/masking.ts';

describe('masking', () => {
  it('shows a PCCC with its first character and last three digits only', () => {
    expect(maskPccc('P123456789012')).toBe('P********012');
    expect(maskPccc('P12')).toBe('********');
  });

  it('keeps the first letter and the domain of an email address', () => {
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
  });

  it('keeps the country and carrier prefix and the last four digits of a phone number', () => {
    expect(maskPhone('+821012345678')).toBe('+8210****5678');
    expect(maskPhone('+12125551234')).toBe('+1212***1234');
    expect(maskPhone('+4412')).toBe('***12');
  });

  it('masks by channel, including messenger ids and push tokens', () => {
    expect(maskAddress('email', 'bob@example.org')).toBe('b***@example.org');
    expect(maskAddress('sms', '+821098765432')).toBe('+8210****5432');
    expect(maskAddress('kakao', 'kakao-user-1234')).toBe('ka***34');
    expect(maskAddress('push', 'short')).toBe('***');
  });
});
