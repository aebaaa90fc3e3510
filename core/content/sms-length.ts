import { fromBase64Url } from './base64url.ts';
import { KS_X_1001_BLOCKS } from './ks-x-1001.ts';

/** Longest SMS (단문) body, in EUC-KR bytes: 45 Hangul syllables or 90 ASCII characters. */
export const SMS_MAX_BYTES = 90;
/** Longest LMS (장문) body, in EUC-KR bytes. */
export const LMS_MAX_BYTES = 2000;
/** Longest LMS subject, in EUC-KR bytes (20 Hangul syllables); an SMS has no subject. */
export const LMS_SUBJECT_MAX_BYTES = 40;

/**
 * `SMS` up to 90 bytes, `LMS` up to 2,000, `too_long` beyond; `not_euc_kr` when the text holds a character EUC-KR
 * cannot carry (emoji, Hangul syllables outside KS X 1001's 2,350 such as 똠 or 뷁, most symbols), whatever its length.
 */
export type SmsKind = 'SMS' | 'LMS' | 'too_long' | 'not_euc_kr';

export interface EucKrMeasure {
  /** Bytes the text takes in EUC-KR: 1 per ASCII character, 2 per KS X 1001 character (and per unencodable one). */
  bytes: number;
  /** The distinct characters EUC-KR cannot carry, in order of appearance. */
  unencodable: string[];
}

let bitmap: Uint8Array | undefined;

/** One bit per BMP code point, built once from the generated KS X 1001 table. */
function ksX1001(): Uint8Array {
  if (bitmap) return bitmap;
  const bits = new Uint8Array(0x10000 / 8);
  for (const [block, encoded] of KS_X_1001_BLOCKS) bits.set(fromBase64Url(encoded) as Uint8Array, block * 32);
  bitmap = bits;
  return bits;
}

/** True when EUC-KR (KS X 1001 over ASCII) can carry the character: ASCII, Hangul, Hanja and KS X 1001 symbols. */
export function isEucKrEncodable(char: string): boolean {
  const codePoint = char.codePointAt(0) as number;
  if (codePoint < 0x80) return true;
  if (codePoint > 0xffff) return false;
  return ((ksX1001()[codePoint >> 3] as number) & (1 << (codePoint & 7))) !== 0;
}

/**
 * Measures text as a Korean carrier does (EUC-KR). Characters EUC-KR cannot carry are reported rather than replaced
 * or dropped: the text was written by a template author, and changing it silently would send something nobody wrote.
 * Providers refuse them (SOLAPI status 1029), so callers treat any as an error of the content.
 */
export function measureEucKr(text: string): EucKrMeasure {
  let bytes = 0;
  const unencodable = new Set<string>();
  for (const char of text) {
    if ((char.codePointAt(0) as number) < 0x80) {
      bytes += 1;
      continue;
    }
    bytes += 2;
    if (!isEucKrEncodable(char)) unencodable.add(char);
  }
  return { bytes, unencodable: [...unencodable] };
}

/** EUC-KR byte length of the text; unencodable characters count 2 bytes each. */
export function eucKrByteLength(text: string): number {
  return measureEucKr(text).bytes;
}

/** Which Korean text message the text needs, by its EUC-KR length (see {@link SmsKind}). */
export function smsKindOf(text: string): SmsKind {
  const { bytes, unencodable } = measureEucKr(text);
  if (unencodable.length > 0) return 'not_euc_kr';
  if (bytes <= SMS_MAX_BYTES) return 'SMS';
  return bytes <= LMS_MAX_BYTES ? 'LMS' : 'too_long';
}

/**
 * What is wrong with an LMS subject, or `undefined` when it is fine: one line, EUC-KR only, at most 40 bytes. An empty
 * subject is fine (the message goes without one).
 */
export function lmsSubjectProblem(subject: string): string | undefined {
  if (/[\r\n]/.test(subject)) return 'an LMS subject is one line';
  const { bytes, unencodable } = measureEucKr(subject);
  if (unencodable.length > 0) return `an LMS subject ${describeUnencodable(unencodable)}`;
  if (bytes > LMS_SUBJECT_MAX_BYTES) return `an LMS subject is at most ${LMS_SUBJECT_MAX_BYTES} bytes (got ${bytes})`;
  return undefined;
}

/** `has 2 characters EUC-KR cannot carry (U+1F600, U+B620)`: code points, so a log line shows what to fix. */
export function describeUnencodable(unencodable: readonly string[]): string {
  const shown = unencodable.slice(0, 3).map((char) => {
    const hex = (char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
    return `U+${hex}`;
  });
  const more = unencodable.length > shown.length ? ', …' : '';
  const noun = unencodable.length === 1 ? 'character' : 'characters';
  return `has ${unencodable.length} ${noun} EUC-KR cannot carry (${shown.join(', ')}${more})`;
}

/** A Korean text message ready for a provider: an SMS has no subject. */
export type TextMessagePlan = { type: 'SMS'; text: string } | { type: 'LMS'; text: string; subject?: string };

/**
 * Chooses SMS or LMS for a text by its EUC-KR length, or says what is wrong with it. A subject goes with an LMS only:
 * a text that fits an SMS is sent as one, without the subject (an SMS has none, and a subject alone would make the
 * provider send the dearer LMS).
 */
export function planTextMessage(text: string, subject?: string): TextMessagePlan | { problem: string } {
  if (text.trim() === '') return { problem: 'the text is empty' };
  const { bytes, unencodable } = measureEucKr(text);
  if (unencodable.length > 0) return { problem: `the text ${describeUnencodable(unencodable)}` };
  if (bytes > LMS_MAX_BYTES) return { problem: `the text is ${bytes} bytes; an LMS holds at most ${LMS_MAX_BYTES}` };
  if (bytes <= SMS_MAX_BYTES) return { type: 'SMS', text };
  if (!subject) return { type: 'LMS', text };
  const problem = lmsSubjectProblem(subject);
  return problem ? { problem } : { type: 'LMS', text, subject };
}
