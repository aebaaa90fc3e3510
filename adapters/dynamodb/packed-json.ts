import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PACKED_JSON_DICTIONARY_1 } from './packed-json-dictionary.ts';

/**
 * The customer item's `doc` and `outbox` as written since decision 0009: a binary attribute whose first byte names the
 * format, then the JSON deflated (raw) against a preset dictionary of the state's own vocabulary. An item is billed by
 * the started KB, and the JSON (~1.4 KB on average) packs to ~0.3 KB: most items fit in one write unit. Items written
 * before stay readable: a string attribute is plain JSON.
 */
const FORMATS: Readonly<Record<number, Buffer>> = { 1: Buffer.from(PACKED_JSON_DICTIONARY_1) };
const CURRENT_FORMAT = 1;

/** An item written by a newer version (a format this code does not know): never guessed at. */
export class UnknownPackedFormatError extends Error {
  override name = 'UnknownPackedFormatError';
  readonly format: number | undefined;
  constructor(format: number | undefined) {
    super(`packed JSON of format ${format} (known: ${Object.keys(FORMATS).join(', ')})`);
    this.format = format;
  }
}

export function packJson(value: unknown): AttributeValue {
  const dictionary = FORMATS[CURRENT_FORMAT] as Buffer;
  const packed = deflateRawSync(JSON.stringify(value), { dictionary });
  return { B: Buffer.concat([Buffer.from([CURRENT_FORMAT]), packed]) };
}

/** The value of a `doc` or `outbox` attribute in either form; `fallback` when the attribute is absent. */
export function unpackJson<T>(attribute: AttributeValue | undefined, fallback: T): T {
  if (attribute?.S !== undefined) return JSON.parse(attribute.S) as T;
  if (attribute?.B === undefined) return fallback;
  const bytes = Buffer.from(attribute.B);
  const dictionary = FORMATS[bytes[0] ?? -1];
  if (!dictionary) throw new UnknownPackedFormatError(bytes[0]);
  return JSON.parse(inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8')) as T;
}
