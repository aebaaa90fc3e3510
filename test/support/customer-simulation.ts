import type { DecisionRecord, OutboxItem } from '../../core/customer/outbox.ts';
import { type CustomerState, newCustomer, wakeAt } from '../../core/customer/state.ts';
import { applyCustomerEvent, type EventOutcome } from '../../core/engine/apply-customer-event.ts';
import { applyTimersDue } from '../../core/engine/apply-timers-due.ts';
import type { EngineContext } from '../../core/engine/round.ts';
import { eventTimeIssue } from '../../core/events/event-time.ts';
import { parseCustomerEvent } from '../../core/events/parse.ts';
import { channelsOf, type ProtectedEvent } from '../../core/events/protected.ts';
import type { DetailType } from '../../core/events/schemas.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { ReasonCode } from '../../core/policy/config.ts';
import { recheckBeforeDelivery } from '../../core/policy/engine.ts';
import { toIso, toMs } from '../../core/time.ts';
import { policy, registry } from '../../journeys/index.ts';
import { ConsentOracle } from './consent-oracle.ts';
import { registryWithSms } from './sms-nudge-journey.ts';

/** An event of the scenario: received at the op's time, dated `offset` ms before it (negative: ahead of it). */
export interface ScenarioEvent {
  eventId: string;
  type: DetailType;
  payload: Record<string, unknown>;
  offset: number;
}

export type ScenarioOp =
  /** Events received one after the other at the same instant, in this order. */
  | { kind: 'receive'; events: ScenarioEvent[] }
  /** The clock moves on; the sweeper wakes the customer `sweepLag` after each indexed wake time on the way. */
  | { kind: 'advance'; ms: number }
  /** The clock moves to the customer's next timer plus `by` (taken modulo the sweep lag + 1): due, not yet swept. */
  | { kind: 'untilDue'; by: number }
  /** The queue delivers an event received before again (same eventId, same time), `pick` chooses which. */
  | { kind: 'redeliver'; pick: number }
  /** The delivery function handles every message decided `send` since the last such op. */
  | { kind: 'deliver' };

export interface Scenario {
  pseudonym: string;
  /** Epoch ms. */
  start: number;
  /** How long after a wake time the sweeper gets to the customer (≤ 60 s, DESIGN.md §6). */
  sweepLag: number;
  /** The house journeys, or those plus a promotional SMS journey (`sms-nudge`). */
  journeys: 'house' | 'house+sms';
  ops: ScenarioOp[];
}

/** The world around one decision or delivery: the state after it, the life it belongs to and what consent held. */
export interface Moment {
  at: number;
  state: CustomerState;
  /** Erasures before this moment: messages of an earlier life belong to a customer who no longer exists. */
  life: number;
  marketingSince: number | undefined;
  nightSince: number | undefined;
}

export interface DecisionSeen {
  record: DecisionRecord;
  moment: Moment;
}

export interface DeliverySeen {
  message: DeliveryRequest;
  decided: Moment;
  /** Right after the decision, and once more later (at the next `deliver` op or the end of the scenario). */
  attempts: Array<{ moment: Moment; reasons: ReasonCode[] }>;
}

export interface Simulation {
  scenario: Scenario;
  decisions: DecisionSeen[];
  deliveries: DeliverySeen[];
  outcomes: Array<{ eventId: string; outcome: EventOutcome | 'rejected' }>;
  /** Every state after a write, to check invariants that must hold between rounds. */
  states: CustomerState[];
  /** When each erasure was carried out (receipt time): the i-th ends life i. */
  erasures: number[];
  /** The clock when each op began, and at the end. */
  clock: number[];
  final: CustomerState;
  end: number;
}

/** The registry a scenario runs with. */
export const registryOf = (scenario: Scenario) => (scenario.journeys === 'house' ? registry : registryWithSms);

/** Parses the event through the real contract and seals its contact the way the ingest edge does. */
export function protectedEventOf(event: ScenarioEvent, occurredAt: string): ProtectedEvent {
  const detail = { v: 1, eventId: event.eventId, occurredAt, customerId: 'customer-1', ...event.payload };
  const { customerId: _id, ...parsed } = parseCustomerEvent(event.type, detail);
  if (parsed.type === 'customer.profile_updated' && parsed.contact) {
    const blob = `sealed:${JSON.stringify(parsed.contact)}`;
    return { ...parsed, contact: { blob, has: channelsOf(parsed.contact) } } as ProtectedEvent;
  }
  return parsed as ProtectedEvent;
}

/** Drives the pure engine (and the delivery re-check) through a scenario, recording what it decided and when. */
export function simulate(scenario: Scenario): Simulation {
  let now = scenario.start;
  let state = newCustomer(scenario.pseudonym);
  let life = 0;
  const oracle = new ConsentOracle();
  const received: Array<{ event: ScenarioEvent; occurredAt: string }> = [];
  const sim: Simulation = {
    scenario,
    decisions: [],
    deliveries: [],
    outcomes: [],
    states: [],
    erasures: [],
    clock: [],
    final: state,
    end: now,
  };
  let waiting: DeliverySeen[] = [];
  const contextAt = (at: number): EngineContext => ({ registry: registryOf(scenario), policy, now: at });

  const moment = (channel: DeliveryRequest['channel']): Moment => ({
    at: now,
    state,
    life,
    marketingSince: oracle.grantedAt(channel, 'marketing'),
    nightSince: oracle.grantedAt(channel, 'night_marketing'),
  });

  const deliver = (delivery: DeliverySeen): void => {
    const stored = state.v > 0 ? state : undefined;
    const reasons = recheckBeforeDelivery(stored, delivery.message, now, policy);
    if (reasons.length === 0 && !stored?.contact) reasons.push('missing_identifier');
    delivery.attempts.push({ moment: moment(delivery.message.channel), reasons });
  };

  /** Stores like the customer table (JSON, version bumped), then hands the outbox to its ports. */
  const commit = (next: CustomerState, consent?: () => void): void => {
    if (next === state) return;
    const stored: CustomerState = JSON.parse(JSON.stringify(next));
    const outbox: OutboxItem[] = stored.outbox;
    stored.outbox = [];
    stored.v = state.v + 1;
    for (const item of outbox) {
      if (item.kind === 'erasure') {
        oracle.erased(item.erasedAt);
        sim.erasures.push(now);
        life += 1;
      }
    }
    consent?.();
    state = stored;
    sim.states.push(stored);
    for (const item of outbox) {
      if (item.kind === 'decision') sim.decisions.push({ record: item.record, moment: moment(item.record.channel) });
      if (item.kind === 'delivery') {
        const delivery: DeliverySeen = { message: item.message, decided: moment(item.message.channel), attempts: [] };
        sim.deliveries.push(delivery);
        deliver(delivery);
        waiting.push(delivery);
      }
    }
  };

  const receive = (event: ScenarioEvent, occurredAt: string): void => {
    if (eventTimeIssue(occurredAt, now, policy.eventTime, policy.dedupe.horizon)) {
      sim.outcomes.push({ eventId: event.eventId, outcome: 'rejected' });
      return;
    }
    const parsed = protectedEventOf(event, occurredAt);
    const result = applyCustomerEvent(state, parsed, contextAt(now));
    sim.outcomes.push({ eventId: event.eventId, outcome: result.outcome });
    commit(result.state, () => {
      if (result.outcome !== 'applied' || parsed.type !== 'consent.changed') return;
      const { channel, purpose, granted } = parsed;
      oracle.received({ channel, purpose, granted, at: toMs(parsed.occurredAt) });
    });
  };

  const advance = (ms: number): void => {
    const target = now + ms;
    for (;;) {
      const indexed = state.indexedWakeAt;
      if (indexed === undefined || toMs(indexed) + scenario.sweepLag > target) break;
      now = Math.max(now, toMs(indexed) + scenario.sweepLag);
      commit(applyTimersDue(state, contextAt(now)).state);
      if (state.indexedWakeAt === indexed) throw new Error(`wake index stuck at ${indexed}`);
    }
    now = target;
  };

  for (const op of scenario.ops) {
    sim.clock.push(now);
    if (op.kind === 'receive') {
      for (const event of op.events) {
        const occurredAt = toIso(now - event.offset);
        received.push({ event, occurredAt });
        receive(event, occurredAt);
      }
    } else if (op.kind === 'advance') {
      advance(op.ms);
    } else if (op.kind === 'untilDue') {
      const due = wakeAt(state);
      if (due !== undefined) advance(Math.max(0, toMs(due) + (op.by % (scenario.sweepLag + 1)) - now));
    } else if (op.kind === 'redeliver') {
      const again = received[op.pick % Math.max(1, received.length)];
      if (again) receive(again.event, again.occurredAt);
    } else {
      for (const delivery of waiting) deliver(delivery);
      waiting = [];
    }
  }
  for (const delivery of waiting) deliver(delivery);
  sim.clock.push(now);
  sim.final = state;
  sim.end = now;
  return sim;
}

/** The earliest pending timer and the wake time the index holds, for the sweeper invariant. */
export function wakeTimes(state: CustomerState): { earliest: string | undefined; indexed: string | undefined } {
  return { earliest: wakeAt(state), indexed: state.indexedWakeAt };
}
