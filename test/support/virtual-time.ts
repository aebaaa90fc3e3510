import { MemoryJourneyBudget } from '../../adapters/local/memory-journey-budget.ts';
import type { DecisionRecord, OutboundEvent, OutboxItem } from '../../core/customer/outbox.ts';
import { type CustomerState, newCustomer, wakeAt } from '../../core/customer/state.ts';
import { applyCustomerEvent, type EventResult } from '../../core/engine/apply-customer-event.ts';
import { applyTimersDue } from '../../core/engine/apply-timers-due.ts';
import type { EngineContext } from '../../core/engine/round.ts';
import { withinBudget } from '../../core/engine/within-budget.ts';
import { parseCustomerEvent } from '../../core/events/parse.ts';
import { channelsOf, maskCustomsHold, type ProtectedEvent } from '../../core/events/protected.ts';
import type { Channel, ConsentPurpose, Contact, DetailType, EventDetail } from '../../core/events/schemas.ts';
import type { JourneyDefinition } from '../../core/journey-runtime/definition.ts';
import type { JourneyLifecycle } from '../../core/journey-runtime/lifecycle.ts';
import { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import type { PolicyConfig } from '../../core/policy/config.ts';
import { inHoldout } from '../../core/policy/engine.ts';
import type { TemplateCatalog } from '../../core/ports/messaging.ts';
import { toIso, toMs } from '../../core/time.ts';
import { policy as housePolicy } from '../../journeys/policy.ts';

export { days, hours, minutes } from '../../core/time.ts';

type Payload<T extends DetailType> = Omit<EventDetail<T>, 'v' | 'eventId' | 'occurredAt' | 'customerId'> & {
  eventId?: string;
  occurredAt?: string;
};

export interface HarnessOptions {
  journeys: readonly JourneyDefinition[];
  /** Versions never entered live, which `shadow` may run beside the live one. */
  candidates?: readonly JourneyDefinition[];
  /** Virtual start time (ISO-8601). Default 2026-11-23T10:00:00Z, a weekday morning in UTC. */
  start?: string;
  policy?: PolicyConfig;
  /** `consenting` (default): email + phone, marketing consent on email and SMS, tz UTC. `anonymous`: nothing. */
  customer?: 'consenting' | 'anonymous';
  /** Profile fields applied at start (before consent), e.g. { timeZone: 'Asia/Seoul', country: 'KR' }. */
  profile?: { timeZone?: string; country?: string; locale?: string; contact?: Contact };
  /** Pick a pseudonym inside (true) or outside (false, default) the holdout group. */
  holdout?: boolean;
  /** The journeys' budgets across all customers; share one between harnesses to stand for several customers. */
  budget?: MemoryJourneyBudget;
  /** Use this pseudonym (its journey buckets follow from it); overrides `holdout`. */
  pseudonym?: string;
  /** The templates there are; default: every listed channel has one. */
  templates?: TemplateCatalog;
}

let uuidCounter = 0;
const nextUuid = () => `00000000-0000-4000-8000-${(++uuidCounter).toString(16).padStart(12, '0')}`;

function pseudonymFor(holdout: boolean, config: PolicyConfig): string {
  for (let index = 0; ; index += 1) {
    const candidate = `${index.toString(16).padStart(8, '0')}`.padEnd(64, 'a');
    if (inHoldout(candidate, config) === holdout) return candidate;
  }
}

/** A virtual-time harness: one customer, a virtual clock, snapshots round-tripped through JSON at every step. */
export class JourneyHarness {
  readonly registry: JourneyRegistry;
  readonly policy: PolicyConfig;
  readonly templates: TemplateCatalog | undefined;
  readonly customerId = 'customer-1';
  now: number;
  state: CustomerState;
  readonly decisions: DecisionRecord[] = [];
  readonly events: OutboundEvent[] = [];
  readonly dispatched: OutboxItem[] = [];
  /** Paused and stopped journeys, as an operator's configuration would say (see `pause`, `resume`, `stop`). */
  readonly lifecycle: Record<string, JourneyLifecycle> = {};
  readonly budget: MemoryJourneyBudget;

  constructor(options: HarnessOptions) {
    this.registry = new JourneyRegistry(options.journeys, [], options.candidates ?? []);
    this.policy = options.policy ?? housePolicy;
    this.budget = options.budget ?? new MemoryJourneyBudget();
    this.templates = options.templates;
    this.now = toMs(options.start ?? '2026-11-23T10:00:00Z');
    this.state = newCustomer(options.pseudonym ?? pseudonymFor(options.holdout ?? false, this.policy));
    const consenting = (options.customer ?? 'consenting') === 'consenting';
    const contact = options.profile?.contact ?? (consenting ? { email: 'a@example.com', phone: '+14155550100' } : {});
    this.send('customer.profile_updated', { ...options.profile, contact });
    if (consenting) {
      this.consent('email', 'marketing', true);
      this.consent('sms', 'marketing', true);
    }
  }

  /** Publishes an event at the current virtual time through the real contract parser. */
  send<T extends DetailType>(type: T, payload: Payload<T>): EventResult['outcome'] {
    const { eventId, occurredAt, ...rest } = payload;
    const detail = {
      v: 1,
      eventId: eventId ?? nextUuid(),
      occurredAt: occurredAt ?? toIso(this.now),
      customerId: this.customerId,
      ...rest,
    };
    const parsed = parseCustomerEvent(type, detail);
    const { customerId: _id, ...withoutCustomer } = parsed;
    let event = withoutCustomer as ProtectedEvent;
    if (parsed.type === 'customer.profile_updated' && parsed.contact) {
      event = { ...event, contact: { blob: 'sealed-by-test', has: channelsOf(parsed.contact) } } as ProtectedEvent;
    }
    if (parsed.type === 'shipment.customs_hold') event = maskCustomsHold(parsed);
    const state = this.state;
    const result = this.withinBudget((ctx) => applyCustomerEvent(state, event, ctx));
    this.commit(result.state);
    return result.outcome;
  }

  consent(channel: Channel | 'all', purpose: ConsentPurpose, granted: boolean, occurredAt?: string): void {
    this.send('consent.changed', {
      channel,
      purpose,
      granted,
      source: 'test',
      wordingVersion: 'v1',
      ...(occurredAt ? { occurredAt } : {}),
    });
  }

  /** Moves the virtual clock, firing every timer at its exact due time on the way. */
  advanceBy(duration: number): void {
    const target = this.now + duration;
    for (let due = wakeAt(this.state); due !== undefined && toMs(due) <= target; due = wakeAt(this.state)) {
      this.now = Math.max(this.now, toMs(due));
      const state = this.state;
      this.commit(this.withinBudget((ctx) => applyTimersDue(state, ctx)).state);
    }
    this.now = target;
  }

  advanceTo(iso: string): void {
    this.advanceBy(toMs(iso) - this.now);
  }

  /** An operator pauses a journey from now on (`inFlight` overrides the journey's `whilePaused`). */
  pause(journeyId: string, inFlight?: 'wait' | 'exit'): void {
    this.lifecycle[journeyId] = { state: 'paused', since: toIso(this.now), ...(inFlight ? { inFlight } : {}) };
  }

  resume(journeyId: string): void {
    this.lifecycle[journeyId] = { state: 'active', since: toIso(this.now) };
  }

  stop(journeyId: string): void {
    this.lifecycle[journeyId] = { state: 'stopped', since: toIso(this.now) };
  }

  /** An operator runs `version` of a journey as a shadow beside the live one from now on (undefined: ends it). */
  shadow(journeyId: string, version: number | undefined): void {
    const { shadow: _ended, ...entry } = this.lifecycle[journeyId] ?? {
      state: 'active' as const,
      since: toIso(this.now),
    };
    this.lifecycle[journeyId] =
      version === undefined ? entry : { ...entry, shadow: { version, since: toIso(this.now) } };
  }

  /** Decisions a shadow version made (outcome `shadow`), in order. */
  get shadowDecisions(): DecisionRecord[] {
    return this.decisions.filter((decision) => decision.outcome === 'shadow');
  }

  get sentMessages(): DecisionRecord[] {
    return this.decisions.filter((decision) => decision.outcome === 'send');
  }

  /** Templates of the messages decided `send`, in order. */
  get sentTemplates(): string[] {
    return this.sentMessages.map((decision) => decision.template);
  }

  get pendingTimers() {
    return [...this.state.timers].sort((a, b) => (a.fireAt < b.fireAt ? -1 : 1));
  }

  journey(journeyId: string) {
    return this.state.journeys[journeyId];
  }

  lastDecision(template: string): DecisionRecord | undefined {
    return this.decisions.filter((decision) => decision.template === template).at(-1);
  }

  private context() {
    return {
      registry: this.registry,
      policy: this.policy,
      now: this.now,
      lifecycle: { ...this.lifecycle },
      ...(this.templates ? { templates: this.templates } : {}),
    };
  }

  /** Runs a round under the journeys' budgets as the ingest use case does, with the in-memory budget. */
  private withinBudget<R extends { state: CustomerState }>(apply: (ctx: EngineContext) => R): R {
    const passes = withinBudget(this.state, this.context(), apply);
    let step = passes.next();
    while (!step.done) {
      for (const receipt of step.value.giveBack) this.budget.giveBackNow(receipt);
      step = passes.next(step.value.take.map((ask) => this.budget.takeNow(ask)));
    }
    return step.value.result;
  }

  /** Stores like DynamoDB would (JSON round trip), then dispatches and clears the outbox. */
  private commit(next: CustomerState): void {
    const stored: CustomerState = JSON.parse(JSON.stringify(next));
    for (const item of stored.outbox) {
      this.dispatched.push(item);
      if (item.kind === 'decision') this.decisions.push(item.record);
      if (item.kind === 'event') this.events.push(item.event);
    }
    stored.outbox = [];
    this.state = stored;
  }
}

/** Starts a virtual-time harness with one journey (or several) for a consenting customer by default. */
export function startJourney(
  journey: JourneyDefinition | readonly JourneyDefinition[],
  options: Omit<HarnessOptions, 'journeys'> = {},
): JourneyHarness {
  return new JourneyHarness({
    ...options,
    journeys: Array.isArray(journey) ? journey : [journey as JourneyDefinition],
  });
}
