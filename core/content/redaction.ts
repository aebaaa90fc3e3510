/**
 * Identifier values out of anything kept for diagnosis (rejected events, dead letters): field names and shapes stay,
 * so a publisher can still see what was wrong; values that identify a person become `[redacted]`. A field is
 * redacted by its name (anywhere in the document), and any string that looks like an email address, a phone number
 * or a PCCC is redacted wherever it is.
 */
const IDENTIFIER_FIELDS = new Set(
  ['customerId', 'contact', 'email', 'phone', 'pccc', 'firstName', 'lastName', 'name', 'kakaoId', 'pushToken'].map(
    (field) => field.toLowerCase(),
  ),
);
const LOOKS_IDENTIFYING = [/[^\s@"]+@[^\s@"]+\.[^\s@"]+/g, /\+?\d[\d\s-]{7,}\d/g, /P\d{12}/g];
export const REDACTED = '[redacted]';
const MAX_DEPTH = 64;

function redactText(text: string): string {
  return LOOKS_IDENTIFYING.reduce((result, pattern) => result.replace(pattern, REDACTED), text);
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
    copy[key] = IDENTIFIER_FIELDS.has(key.toLowerCase()) ? redactField(field) : redactValue(field, depth + 1);
  }
  return copy;
}

/** An identifier field keeps its shape (which keys a contact had) but no value. */
function redactField(field: unknown): unknown {
  if (field !== null && typeof field === 'object' && !Array.isArray(field)) {
    return Object.fromEntries(Object.keys(field).map((key) => [key, REDACTED]));
  }
  return field === undefined || field === null ? field : REDACTED;
}
