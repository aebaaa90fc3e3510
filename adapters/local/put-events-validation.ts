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
/** "PutEvents will only process nested JSON up to 1000 levels deep" (PutEvents API reference). */
export const MAX_DETAIL_DEPTH = 1000;

const asEntry = (value: unknown): PutEventsEntry =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as PutEventsEntry) : {};

function entrySize(entry: PutEventsEntry): number {
  const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  const resources = Array.isArray(entry.Resources)
    ? entry.Resources.reduce((sum: number, item) => sum + bytes(item), 0)
    : 0;
  const time = entry.Time === undefined || entry.Time === null ? 0 : 14;
  return bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + resources + time;
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
  const total = entries.reduce((sum: number, entry) => sum + entrySize(asEntry(entry)), 0);
  if (total >= MAX_REQUEST_BYTES) {
    throw new PutEventsValidationError('Total size of the entries in the request is over the limit.');
  }
  return entries.map(asEntry);
}

/** A per-entry `InvalidArgument`, worded as EventBridge words it. */
const invalid = (parameter: string, reason: string): EntryResult => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}`,
});

const missing = (parameter: string): EntryResult => invalid(parameter, `${parameter} is a required argument.`);

/** How deep JSON text nests (objects and arrays), counted without parsing it. */
export function nestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < json.length; index += 1) {
    const char = json[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth -= 1;
  }
  return deepest;
}

const MALFORMED: EntryResult = { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };

/** Event time in epoch ms, when `Time` (epoch seconds, as the SDKs send it) names a real instant. */
function timeOf(value: unknown): number | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : 'invalid';
}

/** Resource ARNs, when `Resources` is absent or a list of strings. */
function resourcesOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/**
 * Per-entry checks: required Source/DetailType/Detail, Detail a JSON object nested at most 1000 levels, Time a real
 * instant, Resources a list of strings. Returns the parsed detail, time and resources when valid.
 */
export function validateEntry(
  entry: PutEventsEntry,
):
  | { ok: true; detail: Record<string, unknown>; time: number | undefined; resources: string[] }
  | { ok: false; result: EntryResult } {
  for (const parameter of ['Source', 'DetailType', 'Detail'] as const) {
    const value = entry[parameter];
    if (typeof value !== 'string' || value.length === 0) return { ok: false, result: missing(parameter) };
  }
  const time = timeOf(entry.Time);
  if (time === 'invalid') {
    return { ok: false, result: invalid('Time', 'Time must be a timestamp in epoch seconds or ISO-8601.') };
  }
  const resources = resourcesOf(entry.Resources);
  if (!resources) return { ok: false, result: invalid('Resources', 'Resources must be a list of strings.') };
  if (nestingDepth(entry.Detail as string) > MAX_DETAIL_DEPTH) return { ok: false, result: MALFORMED };
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    detail = undefined;
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return { ok: false, result: MALFORMED };
  return { ok: true, detail: detail as Record<string, unknown>, time, resources };
}
