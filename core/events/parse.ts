import type * as z from 'zod';
import { type FieldIssue, InvalidCustomerEventError } from '../errors.ts';
import type { ProtectedEvent } from './protected.ts';
import { type CustomerEvent, DETAIL_TYPES, type DetailType, detailSchemas } from './schemas.ts';

export function isDetailType(value: unknown): value is DetailType {
  return typeof value === 'string' && Object.hasOwn(detailSchemas, value);
}

function valueAt(detail: object, path: PropertyKey[]): unknown {
  let value: unknown = detail;
  for (const key of path)
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function describeIssue(detail: object, issue: z.core.$ZodIssue): FieldIssue {
  const field = ['detail', ...issue.path.map(String)].join('.');
  if (issue.code !== 'unrecognized_keys' && valueAt(detail, issue.path) === undefined) {
    return { field, rule: 'is required' };
  }
  if (issue.code === 'unrecognized_keys') {
    return { field: [field, issue.keys.join(',')].join('.'), rule: 'is not part of the contract' };
  }
  return { field, rule: issue.message };
}

function peekEventId(detail: unknown): string | undefined {
  if (detail && typeof detail === 'object' && 'eventId' in detail && typeof detail.eventId === 'string') {
    return detail.eventId.slice(0, 64);
  }
  return undefined;
}

function checkDetail(detailType: DetailType, detail: unknown, schema: z.ZodType): Record<string, unknown> {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    throw new InvalidCustomerEventError({ detailType, issues: [{ field: 'detail', rule: 'must be a JSON object' }] });
  }
  const result = schema.safeParse(detail);
  if (!result.success) {
    throw new InvalidCustomerEventError({
      detailType,
      eventId: peekEventId(detail),
      issues: result.error.issues.map((issue) => describeIssue(detail, issue)),
      cause: result.error,
    });
  }
  return result.data as Record<string, unknown>;
}

/**
 * Validates an EventBridge `detail-type` + `detail` pair against the event contract.
 * Returns the typed event or throws `InvalidCustomerEventError` naming each bad field and the rule it broke.
 */
export function parseCustomerEvent(detailType: unknown, detail: unknown): CustomerEvent {
  if (!isDetailType(detailType)) {
    throw new InvalidCustomerEventError({
      detailType: typeof detailType === 'string' ? detailType : undefined,
      eventId: peekEventId(detail),
      issues: [{ field: 'detail-type', rule: `must be one of ${DETAIL_TYPES.join(', ')}` }],
    });
  }
  return { type: detailType, ...checkDetail(detailType, detail, detailSchemas[detailType]) } as CustomerEvent;
}

/** Detail-types our own edges may send for a customer they know only by pseudonym (one-click unsubscribe). */
export const PSEUDONYMOUS_DETAIL_TYPES = ['consent.changed'] as const satisfies readonly DetailType[];
const pseudonymousSchemas = {
  'consent.changed': detailSchemas['consent.changed'].omit({ customerId: true }),
};

/**
 * Validates an event of a customer known only by pseudonym: the same contract as `parseCustomerEvent`, without the
 * customer id (there is none to protect). Throws `InvalidCustomerEventError` like it.
 */
export function parsePseudonymousEvent(detailType: unknown, detail: unknown): ProtectedEvent {
  const allowed = PSEUDONYMOUS_DETAIL_TYPES.find((type) => type === detailType);
  if (!allowed) {
    throw new InvalidCustomerEventError({
      detailType: typeof detailType === 'string' ? detailType : undefined,
      eventId: peekEventId(detail),
      issues: [{ field: 'detail-type', rule: `must be one of ${PSEUDONYMOUS_DETAIL_TYPES.join(', ')}` }],
    });
  }
  return { type: allowed, ...checkDetail(allowed, detail, pseudonymousSchemas[allowed]) } as ProtectedEvent;
}
