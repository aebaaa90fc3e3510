import { DETAIL_TYPES, type DetailType, ENGAGEMENT_TYPES } from './events/schemas.ts';
import type { JourneyRegistry } from './journey-runtime/registry.ts';

/**
 * Detail-types the engine itself needs, whatever the journeys are. Privacy requests are among them: they take effect
 * in event-time order with the customer's other events, through the same queue and the same item lock.
 */
const ENGINE_TYPES: readonly DetailType[] = [
  'customer.profile_updated',
  'consent.changed',
  'customer.account_closed',
  'privacy.erasure_requested',
  'privacy.export_requested',
];

export interface RouteTable {
  /** Detail-types routed to the ingest queue. */
  ingest: DetailType[];
}

/**
 * The one route table shared by the CDK bus rules and the local event endpoint: a new journey trigger is routed
 * without an infrastructure edit.
 */
export function routeTable(registry: JourneyRegistry): RouteTable {
  const handled = new Set<string>([...registry.handledEventTypes(), ...ENGINE_TYPES, ...ENGAGEMENT_TYPES]);
  return { ingest: DETAIL_TYPES.filter((type) => handled.has(type)) };
}
