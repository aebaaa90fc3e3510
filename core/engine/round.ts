import type { JourneyChange } from '../customer/log.ts';
import type { OutboundDetailType, OutboxItem } from '../customer/outbox.ts';
import type { MessageRequest } from '../customer/request.ts';
import {
  type ConsentEntry,
  type ConsentKey,
  type CustomerState,
  type JourneyInstance,
  type PendingTimer,
  wakeAt,
} from '../customer/state.ts';
import { nextIndexedWake } from '../customer/wake.ts';
import type { JourneyLifecycles } from '../journey-runtime/lifecycle.ts';
import type { JourneyRegistry } from '../journey-runtime/registry.ts';
import type { JourneyEvent } from '../journey-runtime/step.ts';
import type { PolicyConfig } from '../policy/config.ts';
import type { BudgetRefusal } from '../policy/journey-budget.ts';
import type { TemplateCatalog } from '../ports/messaging.ts';
import { toIso } from '../time.ts';

/** What every use case needs besides the state: the journeys, the policy and the time (never read from a clock). */
export interface EngineContext {
  registry: JourneyRegistry;
  policy: PolicyConfig;
  /** Epoch milliseconds. */
  now: number;
  /** Paused and stopped journeys, as the operators' configuration said when the round began (all active if absent). */
  lifecycle?: JourneyLifecycles;
  /** Messages the journey budget refused in an earlier pass of this round, by messageId (decision 0008). */
  budgetRefusals?: Readonly<Record<string, BudgetRefusal>>;
  /**
   * The message templates there are, so the policy skips a channel a template has no version for. Absent, every
   * listed channel counts as having one (the template definition tests check that for the project's journeys).
   */
  templates?: TemplateCatalog;
}

/**
 * One processing round (an event or a timer tick) over a draft of the customer state. What a round changes is its
 * own: the draft shares the state's parts until the round changes one, and that part is copied first (journey
 * instances and the journey and consent records by the methods below, the outbox and timers by `push`, `setTimer`
 * and `removeTimers`); everything else is replaced, never written in place. A round that changes little copies
 * little, and what it copies is what the garbage collector moves (decision 0014).
 */
export class Round {
  readonly draft: CustomerState;
  readonly requests: MessageRequest[] = [];
  /** Events the engine raised while deciding, offered to the journeys once the current requests are decided. */
  readonly raised: JourneyEvent[] = [];
  readonly ctx: EngineContext;
  readonly nowIso: string;
  /** The outbox and timer lists this round made: the state's own are shared until the round changes them. */
  #ownOutbox: OutboxItem[] | undefined;
  #ownTimers: PendingTimer[] | undefined;
  #ownJourneys: CustomerState['journeys'] | undefined;
  #ownConsent: CustomerState['consent'] | undefined;
  readonly #given: CustomerState;

  constructor(state: CustomerState, ctx: EngineContext) {
    this.#given = state;
    this.draft = { ...state };
    this.ctx = ctx;
    this.nowIso = toIso(ctx.now);
  }

  emit(detailType: OutboundDetailType, detail: Record<string, string | number | boolean | string[] | undefined>): void {
    this.push({
      kind: 'event',
      event: { detailType, detail: { pseudonym: this.draft.pseudonym, at: this.nowIso, ...detail } },
    });
  }

  /** A journey instance started or ended: announced on the bus and kept in the customer's log for funnels. */
  journeyChanged(change: Omit<JourneyChange, 'pseudonym' | 'at'>): void {
    const { change: what, ...detail } = change;
    this.emit(what === 'entered' ? 'journey.entered' : 'journey.exited', detail);
    this.push({ kind: 'journey', record: { pseudonym: this.draft.pseudonym, at: this.nowIso, ...change } });
  }

  /** The journey instance to change in place: the round's own copy, made on first use (an instance it made is its own). */
  ownJourney(journeyId: string): JourneyInstance | undefined {
    const instance = this.draft.journeys[journeyId];
    if (instance === undefined || instance !== this.#given.journeys[journeyId]) return instance;
    const copy = { ...instance };
    this.setJourney(journeyId, copy);
    return copy;
  }

  setJourney(journeyId: string, instance: JourneyInstance): void {
    if (this.draft.journeys !== this.#ownJourneys) this.draft.journeys = this.#ownJourneys = { ...this.draft.journeys };
    this.draft.journeys[journeyId] = instance;
  }

  setConsent(key: ConsentKey, entry: ConsentEntry): void {
    if (this.draft.consent !== this.#ownConsent) this.draft.consent = this.#ownConsent = { ...this.draft.consent };
    this.draft.consent[key] = entry;
  }

  push(item: OutboxItem): void {
    if (this.draft.outbox !== this.#ownOutbox) this.draft.outbox = this.#ownOutbox = [...this.draft.outbox];
    this.draft.outbox.push(item);
  }

  setTimer(timer: PendingTimer): void {
    this.removeTimers((existing) => existing.id === timer.id);
    if (this.draft.timers !== this.#ownTimers) this.draft.timers = this.#ownTimers = [...this.draft.timers];
    this.draft.timers.push(timer);
  }

  /** Sets the wake time the index should hold once this round is written. */
  finish(): CustomerState {
    const indexed = nextIndexedWake(this.draft.indexedWakeAt, wakeAt(this.draft), this.nowIso);
    if (indexed === undefined) delete this.draft.indexedWakeAt;
    else this.draft.indexedWakeAt = indexed;
    return this.draft;
  }

  removeTimers(match: (timer: PendingTimer) => boolean): PendingTimer[] {
    if (!this.draft.timers.some(match)) return [];
    const removed = this.draft.timers.filter(match);
    this.draft.timers = this.#ownTimers = this.draft.timers.filter((timer) => !match(timer));
    return removed;
  }
}
