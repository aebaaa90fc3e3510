import { CHANNELS, type Channel, CONSENT_PURPOSES } from '../events/schemas.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';

/**
 * One-click unsubscribe tokens: what the token says, and its byte layout. The cryptography (AES-256-GCM) lives in
 * `adapters/crypto/unsubscribe-tokens.ts`; this part is pure so the layout is one definition with one test.
 *
 *     base64url( version | keyId | expiresAt (uint32 seconds) | channel | purpose | iv (12) | ciphertext | tag (16) )
 *
 * The first 8 bytes are the header: in clear (the endpoint must read the key id and expiry) and authenticated as the
 * AEAD's additional data, so changing any of them fails verification. The customer travels only as the ciphertext
 * of their pseudonym: the token names nobody to whoever sees the link, and only the endpoint holding the key can find
 * the customer.
 */
export const UNSUBSCRIBE_TOKEN_VERSION = 1;
export const UNSUBSCRIBE_HEADER_BYTES = 8;
export const UNSUBSCRIBE_IV_BYTES = 12;
export const UNSUBSCRIBE_TAG_BYTES = 16;

/** What an unsubscribe token opts out of: the consent.changed it turns into. */
export type UnsubscribeChannel = Channel | 'all';
export type UnsubscribePurpose = (typeof CONSENT_PURPOSES)[number];

export interface UnsubscribeClaims {
  channel: UnsubscribeChannel;
  purpose: UnsubscribePurpose;
  /** Epoch milliseconds, kept to the second. */
  expiresAt: number;
}

/** The parts of a token, before decryption. */
export interface UnsubscribeTokenParts {
  keyId: number;
  claims: UnsubscribeClaims;
  /** The authenticated header (additional data of the AEAD). */
  header: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

const TOKEN_CHANNELS: readonly UnsubscribeChannel[] = ['all', ...CHANNELS];

/** The 8-byte header of a token: version, key id, expiry (seconds), channel and purpose codes. */
export function unsubscribeHeader(keyId: number, claims: UnsubscribeClaims): Uint8Array {
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 255) throw new RangeError('keyId must be an integer 0–255');
  const seconds = Math.floor(claims.expiresAt / 1000);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 0xffffffff) throw new RangeError('expiresAt out of range');
  const channel = TOKEN_CHANNELS.indexOf(claims.channel);
  const purpose = CONSENT_PURPOSES.indexOf(claims.purpose);
  if (channel < 0 || purpose < 0) throw new RangeError('unknown channel or purpose');
  const header = new Uint8Array(UNSUBSCRIBE_HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint8(0, UNSUBSCRIBE_TOKEN_VERSION);
  view.setUint8(1, keyId);
  view.setUint32(2, seconds);
  view.setUint8(6, channel);
  view.setUint8(7, purpose);
  return header;
}

/** Joins the parts into the URL-safe token. */
export function formatUnsubscribeToken(
  header: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
): string {
  const bytes = new Uint8Array(header.length + iv.length + ciphertext.length + tag.length);
  bytes.set(header, 0);
  bytes.set(iv, header.length);
  bytes.set(ciphertext, header.length + iv.length);
  bytes.set(tag, header.length + iv.length + ciphertext.length);
  return toBase64Url(bytes);
}

/** Splits a token into its parts; `undefined` for anything that is not a well-formed token of this version. */
export function parseUnsubscribeToken(token: string): UnsubscribeTokenParts | undefined {
  if (token.length > 1024) return undefined;
  const bytes = fromBase64Url(token);
  const fixed = UNSUBSCRIBE_HEADER_BYTES + UNSUBSCRIBE_IV_BYTES + UNSUBSCRIBE_TAG_BYTES;
  if (!bytes || bytes.length <= fixed) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== UNSUBSCRIBE_TOKEN_VERSION) return undefined;
  const channel = TOKEN_CHANNELS[view.getUint8(6)];
  const purpose = CONSENT_PURPOSES[view.getUint8(7)];
  if (!channel || !purpose) return undefined;
  const ivEnd = UNSUBSCRIBE_HEADER_BYTES + UNSUBSCRIBE_IV_BYTES;
  return {
    keyId: view.getUint8(1),
    claims: { channel, purpose, expiresAt: view.getUint32(2) * 1000 },
    header: bytes.slice(0, UNSUBSCRIBE_HEADER_BYTES),
    iv: bytes.slice(UNSUBSCRIBE_HEADER_BYTES, ivEnd),
    ciphertext: bytes.slice(ivEnd, bytes.length - UNSUBSCRIBE_TAG_BYTES),
    tag: bytes.slice(bytes.length - UNSUBSCRIBE_TAG_BYTES),
  };
}

/** True once the token's expiry has passed (`now` in epoch milliseconds). */
export function isUnsubscribeTokenExpired(claims: UnsubscribeClaims, now: number): boolean {
  return now >= claims.expiresAt;
}

/**
 * RFC 8058 one-click unsubscribe headers for an email: `List-Unsubscribe: <https://…>` and `List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click`. The URL must be HTTPS (RFC 8058 §3.1) and carries the token; mail clients POST
 * `List-Unsubscribe=One-Click` to it, so the endpoint must act on that POST alone, without cookies or a login.
 */
export function listUnsubscribeHeaders(url: string): { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') throw new RangeError('a one-click unsubscribe URL must use https (RFC 8058)');
  return {
    'List-Unsubscribe': `<${parsed.href}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
