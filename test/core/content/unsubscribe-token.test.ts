import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../../core/content/base64url.ts';
import {
  formatUnsubscribeToken,
  listUnsubscribeHeaders,
  parseUnsubscribeToken,
  unsubscribeHeader,
} from '../../../core/content/unsubscribe-token.ts';

const expiresAt = Date.UTC(2026, 11, 31, 15, 0, 0);
const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

describe('unsubscribe token layout', () => {
  it('round-trips header, iv, ciphertext and tag through the URL-safe token', () => {
    const header = unsubscribeHeader(7, { channel: 'sms', purpose: 'marketing', expiresAt });
    const token = formatUnsubscribeToken(header, bytes(12, 1), bytes(20, 2), bytes(16, 3));

    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseUnsubscribeToken(token)).toEqual({
      keyId: 7,
      claims: { channel: 'sms', purpose: 'marketing', expiresAt },
      header,
      iv: bytes(12, 1),
      ciphertext: bytes(20, 2),
      tag: bytes(16, 3),
    });
  });

  it('carries every channel, all channels, and every consent purpose', () => {
    for (const channel of ['all', 'email', 'sms', 'push', 'kakao'] as const) {
      for (const purpose of ['marketing', 'night_marketing', 'profiling'] as const) {
        const header = unsubscribeHeader(0, { channel, purpose, expiresAt });
        const parsed = parseUnsubscribeToken(formatUnsubscribeToken(header, bytes(12, 0), bytes(1, 0), bytes(16, 0)));
        expect(parsed?.claims).toEqual({ channel, purpose, expiresAt });
      }
    }
  });

  it('rejects what is not a token of this version', () => {
    const header = unsubscribeHeader(1, { channel: 'email', purpose: 'marketing', expiresAt });
    const token = formatUnsubscribeToken(header, bytes(12, 1), bytes(8, 2), bytes(16, 3));
    const raw = fromBase64Url(token) as Uint8Array;
    const withByte = (at: number, value: number) => {
      const copy = raw.slice();
      copy[at] = value;
      return toBase64Url(copy);
    };
    expect(parseUnsubscribeToken('')).toBeUndefined();
    expect(parseUnsubscribeToken(`${token}=`)).toBeUndefined();
    expect(parseUnsubscribeToken(token.slice(0, 40))).toBeUndefined();
    expect(parseUnsubscribeToken('A'.repeat(2000))).toBeUndefined();
    expect(parseUnsubscribeToken(withByte(0, 2))).toBeUndefined();
    expect(parseUnsubscribeToken(withByte(6, 9))).toBeUndefined();
    expect(parseUnsubscribeToken(withByte(7, 9))).toBeUndefined();
  });

  it('refuses a key id or expiry the header cannot hold', () => {
    expect(() => unsubscribeHeader(256, { channel: 'sms', purpose: 'marketing', expiresAt })).toThrow(RangeError);
    expect(() => unsubscribeHeader(0, { channel: 'sms', purpose: 'marketing', expiresAt: -1 })).toThrow(RangeError);
    const fax = { channel: 'fax' as 'sms', purpose: 'marketing' as const, expiresAt };
    expect(() => unsubscribeHeader(0, fax)).toThrow('unknown channel or purpose');
  });
});

describe('base64url', () => {
  it('round-trips every length and refuses stray bits', () => {
    for (let length = 0; length < 10; length++) {
      const data = Uint8Array.from({ length }, (_, index) => (index * 97 + 13) & 0xff);
      expect(fromBase64Url(toBase64Url(data))).toEqual(data);
    }
    expect(toBase64Url(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
    expect(fromBase64Url('-_9')).toBeUndefined();
    expect(fromBase64Url('A')).toBeUndefined();
  });
});

describe('RFC 8058 headers', () => {
  it('gives List-Unsubscribe with the HTTPS URL in angle brackets and the one-click POST body', () => {
    expect(listUnsubscribeHeaders('https://shop.example/u/abc_-123')).toEqual({
      'List-Unsubscribe': '<https://shop.example/u/abc_-123>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('refuses a URL that is not HTTPS', () => {
    expect(() => listUnsubscribeHeaders('http://shop.example/u/abc')).toThrow('must use https');
    expect(() => listUnsubscribeHeaders('mailto:unsubscribe@shop.example')).toThrow('must use https');
  });
});
