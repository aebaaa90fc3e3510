import { ACTIVITY_TYPES, DETAIL_TYPES, type DetailType, ENGAGEMENT_TYPES } from './events/schemas.ts';
import type { EventPattern } from './journey-runtime/conditions.ts';
import type { JourneyDefinition } from './journey-runtime/definition.ts';
import type { JourneyRegistry } from './journey-runtime/registry.ts';
import { compilePattern } from './patterns/compile-pattern.ts';

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

/**
 * Detail-types the engine reads for itself once they are routed, so their rules are never narrowed by a journey's
 * filter: profile, consent, privacy and account events; engagement reports; and activity, which keeps the customer
 * facts (last activity, RFM) that segments and inactivity rely on.
 */
export const ENGINE_READS: ReadonlySet<string> = new Set([...ENGINE_TYPES, ...ENGAGEMENT_TYPES, ...ACTIVITY_TYPES]);

export interface RouteTable {
  /** Detail-types routed to the ingest queue. */
  ingest: DetailType[];
  /**
   * Detail-types whose rule routes only some events: the `detail` pattern added to the rule. Present only when every
   * consumer of the detail-type filters: each journey it enters declares `entry.filter`, no running journey reacts to
   * it, it ends and converts no journey, and the engine does not read it (`ENGINE_READS`).
   */
  narrowed: Partial<Record<DetailType, { detail: EventPattern }>>;
}

/** Whether a journey (any version) needs every event of this type, whatever its detail. */
function needsEvery(definition: JourneyDefinition, type: string): boolean {
  const { entry } = definition;
  if (definition.machine.events.includes(type)) return true;
  if ((entry.endedBy ?? []).includes(type as DetailType) || definition.conversion?.event === type) return true;
  return entry.triggers.includes(type as DetailType) && entry.filter === undefined;
}

/** The detail pattern narrowing a detail-type's rule, or undefined when some consumer needs every such event. */
function narrowing(definitions: readonly JourneyDefinition[], type: DetailType) {
  if (definitions.some((definition) => needsEvery(definition, type))) return undefined;
  const filters = new Map<string, EventPattern>();
  for (const { entry } of definitions) {
    if (entry.filter && entry.triggers.includes(type)) filters.set(JSON.stringify(entry.filter), entry.filter);
  }
  if (filters.size === 0) return undefined;
  const [only] = filters.values();
  const detail = filters.size === 1 && only ? only : { $or: [...filters.values()] };
  try {
    compilePattern({ 'detail-type': [type], detail });
  } catch {
    return undefined; // combined filters EventBridge would refuse (e.g. too many $or combinations): route everything
  }
  return { detail };
}

/**
 * The one route table shared by the CDK bus rules and the local event endpoint: a new journey trigger is routed
 * without an infrastructure edit. `engineReads` is a parameter only so tests can show narrowing on a detail-type.
 */
export function routeTable(registry: JourneyRegistry, engineReads: ReadonlySet<string> = ENGINE_READS): RouteTable {
  const handled = new Set<string>([...registry.handledEventTypes(), ...ENGINE_TYPES, ...ENGAGEMENT_TYPES]);
  const ingest = DETAIL_TYPES.filter((type) => handled.has(type));
  const definitions = registry.all();
  const narrowed: RouteTable['narrowed'] = {};
  for (const type of ingest) {
    const pattern = engineReads.has(type) ? undefined : narrowing(definitions, type);
    if (pattern) narrowed[type] = pattern;
  }
  return { ingest, narrowed };
}

/** The event pattern of the rule that routes a detail-type to ingest, as EventBridge sees it. */
export function rulePattern(routes: RouteTable, type: DetailType): Record<string, unknown> {
  return { 'detail-type': [type], ...routes.narrowed[type] };
}

/** Decides as the bus rules do whether an event (`{ "detail-type", detail, … }`) reaches ingest: the local bus. */
export function ingestRouter(routes: RouteTable): (event: Readonly<Record<string, unknown>>) => boolean {
  const rules = new Map(routes.ingest.map((type) => [type as string, compilePattern(rulePattern(routes, type))]));
  return (event) => {
    const type = event['detail-type'];
    return typeof type === 'string' && rules.get(type)?.matches(event) === true;
  };
}
