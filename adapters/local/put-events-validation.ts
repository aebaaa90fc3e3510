/** EventBridge PutEvents validation as AWS does it (TOOLCHAIN.md facts): no stricter, no looser. */

export interface PutEventsEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Resources?: unknown;
  Time?: unknown;
}

export type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export class PutEventsValidationError extends Error {
  override name = 'ValidationException';
}

export const MAX_ENTRIES = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;

function entrySize(entry: PutEventsEntry): number {
  const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  const resources = Array.isArray(entry.Resources)
    ? entry.Resources.reduce((sum: number, item) => sum + bytes(item), 0)
    : 0;
  return (
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources +
    (entry.Time === undefined ? 0 : 14)
  );
}

/** Request-level checks: 1–10 entries and a total size under 256 KB, else the whole request fails (HTTP 400). */
export function validateRequest(body: unknown): PutEventsEntry[] {
  const entries = (body as { Entries?: unknown } | null)?.Entries;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
    const count = Array.isArray(entries) ? entries.length : 0;
    throw new PutEventsValidationError(
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ` +
        `${count === 0 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`}`,
    );
  }
  const total = (entries as PutEventsEntry[]).reduce((sum, entry) => sum + entrySize(entry), 0);
  if (total >= MAX_REQUEST_BYTES) {
    throw new PutEventsValidationError('Total size of the entries in the request is over the limit.');
  }
  return entries as PutEventsEntry[];
}

function missing(parameter: string): EntryResult {
  return {
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${parameter} is a required argument.`,
  };
}

/** Per-entry checks: required Source/DetailType/Detail, Detail a JSON object. Returns the parsed detail when valid. */
export function validateEntry(
  entry: PutEventsEntry,
): { ok: true; detail: Record<string, unknown> } | { ok: false; result: EntryResult } {
  for (const parameter of ['Source', 'DetailType', 'Detail'] as const) {
    const value = entry[parameter];
    if (typeof value !== 'string' || value.length === 0) return { ok: false, result: missing(parameter) };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    detail = undefined;
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ok: false, result: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  return { ok: true, detail: detail as Record<string, unknown> };
}
