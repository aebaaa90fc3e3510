import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnsubscribeTokens } from '../../../adapters/crypto/unsubscribe-tokens.ts';
import { fromBase64Url, toBase64Url } from '../../../core/content/base64url.ts';

const pseudonym = 'b3f1c0a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1';
const now = Date.UTC(2026, 10, 23, 10, 0, 0);
const in30Days = now + 30 * 86_400_000;
const claims = { channel: 'email', purpose: 'marketing', expiresAt: in30Days } as const;
const key1 = randomBytes(32);
const key2 = randomBytes(32);

const tokens = (keys: Array<[number, Uint8Array]>, currentKeyId: number) =>
  new UnsubscribeTokens({ keys: new Map(keys), currentKeyId });

function flipByte(token: string, at: number): string {
  const raw = fromBase64Url(token) as Uint8Array;
  raw[at] = (raw[at] as number) ^ 0x01;
  return toBase64Url(raw);
}

describe('UnsubscribeTokens', () => {
  it('verifies its own token and gives back the pseudonym, channel, purpose and expiry', () => {
    const issuer = tokens([[1, key1]], 1);
    const token = issuer.issue(pseudonym, claims);

    expect(issuer.verify(token, now)).toEqual({ status: 'valid', pseudonym, ...claims });
  });

  it('carries no identifier in clear, and two tokens for the same customer differ', () => {
    const issuer = tokens([[1, key1]], 1);
    const first = issuer.issue(pseudonym, claims);
    const second = issuer.issue(pseudonym, claims);

    expect(first).not.toBe(second);
    const raw = Buffer.from(fromBase64Url(first) as Uint8Array);
    expect(raw.includes(Buffer.from(pseudonym))).toBe(false);
    expect(raw.includes(Buffer.from(pseudonym.slice(0, 8)))).toBe(false);
    expect(first).not.toContain(pseudonym.slice(0, 8));
  });

  it('rejects a token with any byte changed: header, iv, ciphertext or tag', () => {
    const issuer = tokens([[1, key1]], 1);
    const token = issuer.issue(pseudonym, claims);
    const length = (fromBase64Url(token) as Uint8Array).length;
    for (const at of [2, 6, 7, 10, 25, length - 1]) {
      expect(issuer.verify(flipByte(token, at), now)).toEqual({ status: 'rejected', reason: 'tampered' });
    }
  });

  it('rejects an expired token, once authentic', () => {
    const issuer = tokens([[1, key1]], 1);
    const token = issuer.issue(pseudonym, { ...claims, expiresAt: now });

    expect(issuer.verify(token, now)).toEqual({ status: 'rejected', reason: 'expired' });
    expect(issuer.verify(token, now - 1_000)).toMatchObject({ status: 'valid' });
  });

  it('rejects a token made under another key, and one naming a key it does not hold', () => {
    const token = tokens([[1, key1]], 1).issue(pseudonym, claims);

    expect(tokens([[1, key2]], 1).verify(token, now)).toEqual({ status: 'rejected', reason: 'tampered' });
    expect(tokens([[2, key2]], 2).verify(token, now)).toEqual({ status: 'rejected', reason: 'unknown_key' });
  });

  it('keeps accepting tokens of a retired key while the endpoint still holds it', () => {
    const old = tokens([[1, key1]], 1).issue(pseudonym, claims);
    const rotated = tokens(
      [
        [1, key1],
        [2, key2],
      ],
      2,
    );

    expect(rotated.verify(old, now)).toMatchObject({ status: 'valid', pseudonym });
    expect(rotated.verify(rotated.issue(pseudonym, claims), now)).toMatchObject({ status: 'valid', pseudonym });
  });

  it('rejects malformed tokens and keys of the wrong size', () => {
    const issuer = tokens([[1, key1]], 1);
    expect(issuer.verify('not a token!', now)).toEqual({ status: 'rejected', reason: 'malformed' });
    expect(() => tokens([[1, randomBytes(16)]], 1)).toThrow('must be 32 bytes');
    expect(() => tokens([[1, key1]], 2)).toThrow('current unsubscribe key is missing');
  });
});
