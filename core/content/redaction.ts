/**
 * Identifier values out of anything kept for diagnosis (rejected events, dead letters, their log lines): shapes and
 * field names stay, so a publisher can still see what was wrong; values that identify a person become `[redacted]`.
 * A field is redacted by its name (anywhere, whatever its case or separators: `customerId`, `customer_id`), and any
 * string — keys included — that looks like an email address, a phone number or a PCCC is redacted wherever it is.
 */
const IDENTIFIER_FIELDS = new Set(
  [
    'customerId',
    'userId',
    'contact',
    'email',
    'phone',
    'mobile',
    'pccc',
    'firstName',
    'lastName',
    'name',
    'kakaoId',
    'pushToken',
  ].map((field) => normalised(field)),
);
/** Bounded quantifiers keep each pattern linear in the text's length (no backtracking over whole strings). */
const EMAIL = /[^\s@"<>]{1,64}@[^\s@"<>]{1,255}/g;
const PHONE = /\+\d[\d\s-]{6,18}\d|\b0\d{9,10}\b/g;
const PCCC = /P\d{12}/g;
export const REDACTED = '[redacted]';
const MAX_DEPTH = 64;

function normalised(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function redactText(text: string): string {
  let result = text.includes('@') ? text.replace(EMAIL, REDACTED) : text;
  result = result.replace(PHONE, REDACTED);
  return result.includes('P') ? result.replace(PCCC, REDACTED) : result;
}

/** A copy of `value` with identifier values replaced; a string that holds JSON is redacted as that JSON. */
export function redactIdentifiers(value: unknown): unknown {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(redactValue(JSON.parse(value), 0));
    } catch {
      return redactText(value);
    }
  }
  return redactValue(value, 0);
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return `${REDACTED} (nested deeper than ${MAX_DEPTH} levels)`;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[redactText(key)] = IDENTIFIER_FIELDS.has(normalised(key)) ? redactField(field) : redactValue(field, depth + 1);
  }
  return copy;
}

/** An identifier field keeps its shape (which keys a contact had) but no value. */
function redactField(field: unknown): unknown {
  if (field !== null && typeof field === 'object' && !Array.isArray(field)) {
    return Object.fromEntries(Object.keys(field).map((key) => [redactText(key), REDACTED]));
  }
  return field === undefined || field === null ? field : REDACTED;
}
