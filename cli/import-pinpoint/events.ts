import { DETAIL_TYPES, type DetailType, detailSchemas } from '../../core/events/schemas.ts';
import { days, hours, minutes } from '../../core/time.ts';
import { UsageError } from '../cli-errors.ts';
import type { PinpointEventDimensions } from './pinpoint-schema.ts';

/** Pinpoint's standard events that have a counterpart in our contract (DESIGN.md §3). */
export const STANDARD_EVENT_MAP: Readonly<Record<string, DetailType>> = {
  '_monetization.purchase': 'order.placed',
};

const ENVELOPE = new Set(['v', 'eventId', 'occurredAt', 'customerId', 'contact']);

/** Names Pinpoint event types in our contract: our own detail-types, the standard map, then `--event` mappings. */
export class EventMap {
  private readonly map: Map<string, DetailType>;
  constructor(extra: Readonly<Record<string, string>> = {}) {
    this.map = new Map(Object.entries(STANDARD_EVENT_MAP));
    for (const [name, type] of Object.entries(extra)) {
      if (!(DETAIL_TYPES as string[]).includes(type)) {
        throw new UsageError(`--event ${name}=${type}: "${type}" is not a detail-type (${DETAIL_TYPES.join(', ')})`);
      }
      this.map.set(name, type as DetailType);
    }
  }

  /** Our detail-type for a Pinpoint event type, or undefined. */
  typeOf(pinpointType: string): DetailType | undefined {
    if ((DETAIL_TYPES as string[]).includes(pinpointType)) return pinpointType as DetailType;
    return this.map.get(pinpointType);
  }
}

/** Detail fields of a detail-type a journey can see and filter on (no envelope, identifier or contact). */
export function detailFields(type: DetailType): string[] {
  const schema = detailSchemas[type] as unknown as { shape: Record<string, unknown> };
  return Object.keys(schema.shape).filter((field) => !ENVELOPE.has(field));
}

interface ZodLike {
  def?: { type?: string; innerType?: ZodLike };
}
const kindOf = (schema: ZodLike | undefined): string | undefined =>
  schema?.def?.type === 'optional' ? kindOf(schema.def.innerType) : schema?.def?.type;

/** Facts worth copying into template variables: scalar fields that are not identifiers (productId is a fact). */
export function factFields(type: DetailType): string[] {
  const schema = detailSchemas[type] as unknown as { shape: Record<string, ZodLike> };
  return detailFields(type).filter((field) => {
    if (/Id$/.test(field) && field !== 'productId') return false;
    const kind = kindOf(schema.shape[field]);
    return kind !== 'array' && kind !== 'object';
  });
}

const NUMERIC = {
  GREATER_THAN: '>',
  GREATER_THAN_OR_EQUAL: '>=',
  LESS_THAN: '<',
  LESS_THAN_OR_EQUAL: '<=',
  EQUAL: '=',
} as const;

const escapeWildcard = (value: string) => value.replace(/[\\*]/g, (char) => `\\${char}`);

/**
 * Pinpoint attribute and metric dimensions as an EventBridge pattern over the detail (core/patterns). Returns the
 * pattern (undefined when nothing is left) and the dimensions it could not express, with the reason.
 */
export function dimensionsToPattern(
  dimensions: PinpointEventDimensions,
  types: readonly DetailType[],
  path: string,
): { pattern?: Record<string, unknown>; dropped: Array<{ path: string; note: string }> } {
  const pattern: Record<string, unknown> = {};
  const dropped: Array<{ path: string; note: string }> = [];
  const known = new Set(types.flatMap(detailFields));
  const unknownField = (field: string, at: string) => {
    if (known.has(field)) return false;
    dropped.push({
      path: at,
      note: `${types.join('/')} has no detail field "${field}" (fields: ${[...known].join(', ')})`,
    });
    return true;
  };
  for (const [field, dimension] of Object.entries(dimensions.Attributes ?? {})) {
    const at = `${path}.Attributes.${field}`;
    if (unknownField(field, at)) continue;
    const values = dimension.Values;
    switch (dimension.AttributeType ?? 'INCLUSIVE') {
      case 'INCLUSIVE':
        pattern[field] = values;
        break;
      case 'EXCLUSIVE':
        pattern[field] = [{ 'anything-but': values }];
        break;
      case 'CONTAINS':
        pattern[field] = values.map((value) => ({ wildcard: `*${escapeWildcard(value)}*` }));
        break;
      default:
        dropped.push({
          path: at,
          note: `${dimension.AttributeType} compares dates; EventBridge patterns compare numbers, so publish the date as epoch seconds and use numeric`,
        });
    }
  }
  for (const [field, metric] of Object.entries(dimensions.Metrics ?? {})) {
    const at = `${path}.Metrics.${field}`;
    if (unknownField(field, at)) continue;
    pattern[field] = [{ numeric: [NUMERIC[metric.ComparisonOperator], metric.Value] }];
  }
  return Object.keys(pattern).length > 0 ? { pattern, dropped } : { dropped };
}

/** An ISO 8601 duration (`PT1H`, `P1D`, `P2W`) in ms, and the TypeScript that says it; months and years are 30/365 days. */
export function isoDuration(text: string): { ms: number; code: string; approximate: boolean } {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!match) throw new RangeError(`not an ISO 8601 duration: ${text}`);
  const [y, mo, w, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const ms =
    days((y ?? 0) * 365 + (mo ?? 0) * 30 + (w ?? 0) * 7 + (d ?? 0)) +
    hours(h ?? 0) +
    minutes(mi ?? 0) +
    (s ?? 0) * 1000;
  return { ms, code: durationCode(ms), approximate: (y ?? 0) > 0 || (mo ?? 0) > 0 };
}

/** `days(1)`, `hours(36)`, `minutes(90)` or a number of ms: the shortest exact form. */
export function durationCode(ms: number): string {
  if (ms > 0 && ms % days(1) === 0) return `days(${ms / days(1)})`;
  if (ms > 0 && ms % hours(1) === 0) return `hours(${ms / hours(1)})`;
  if (ms > 0 && ms % minutes(1) === 0) return `minutes(${ms / minutes(1)})`;
  return String(ms);
}
