import type { OutboxItem } from '../customer/outbox.ts';
import type { CustomerState } from '../customer/state.ts';
import { applyCustomerEvent, type EventOutcome } from '../engine/apply-customer-event.ts';
import { applyTimersDue } from '../engine/apply-timers-due.ts';
import type { EngineContext } from '../engine/round.ts';
import { TooMuchContentionError, VersionConflictError } from '../errors.ts';
import type { ProtectedEvent } from '../events/protected.ts';
import type { JourneyRegistry } from '../journey-runtime/registry.ts';
import type { PolicyConfig } from '../policy/config.ts';
import type { JourneyBudget } from '../ports/journey-budget.ts';
import type { JourneyLifecycleSource } from '../ports/journey-lifecycle.ts';
import type { Clock, TemplateCatalog } from '../ports/messaging.ts';
import type { CustomerStore } from '../ports/store.ts';
import { dispatchOutbox, type OutboxPorts } from './dispatch-outbox.ts';
import { applyWithinBudget, giveBackAll } from './take-budget.ts';

export interface EnginePorts extends OutboxPorts {
  store: CustomerStore;
  clock: Clock;
  registry: JourneyRegistry;
  policy: PolicyConfig;
  /** Where the journeys' daily and total caps are kept; needed once a journey declares one (decision 0008). */
  budget?: JourneyBudget;
  /** Which journeys operators paused or stopped; every journey is active without it. */
  lifecycle?: JourneyLifecycleSource;
  /** The message templates there are (see `EngineContext.templates`). */
  templates?: TemplateCatalog;
  /** Re-reads and re-applies after a version conflict at most this many times (default 5). */
  maxAttempts?: number;
}

export interface Handled<TOutcome> {
  outcome: TOutcome;
  state: CustomerState;
  /** How many times the state was read and the change applied (1 without contention). */
  attempts: number;
  /** Outbox items handed to their ports in this call (including any left by an interrupted run). */
  dispatched: OutboxItem[];
}

async function flushOutbox(state: CustomerState, ports: EnginePorts): Promise<CustomerState> {
  await dispatchOutbox(state.pseudonym, state.outbox, ports);
  const cleared = await ports.store.clearOutbox(state.pseudonym, state.v);
  return cleared ? { ...state, outbox: [] } : state;
}

/**
 * Load → apply (pure, under the journeys' budgets) → one conditional write → dispatch the outbox → clear it. On a
 * version conflict the budget units are given back, the state is read again and the change re-applied; an outbox left
 * by an interrupted run is dispatched on the next visit.
 */
export async function withCustomer<TOutcome>(
  pseudonym: string,
  ports: EnginePorts,
  apply: (state: CustomerState, ctx: EngineContext) => { state: CustomerState; outcome: TOutcome },
): Promise<Handled<TOutcome>> {
  const maxAttempts = ports.maxAttempts ?? 5;
  let lastConflict: VersionConflictError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const loaded = await ports.store.load(pseudonym);
    const lifecycle = await ports.lifecycle?.current();
    const ctx: EngineContext = {
      registry: ports.registry,
      policy: ports.policy,
      now: ports.clock.now(),
      ...(lifecycle ? { lifecycle } : {}),
      ...(ports.templates ? { templates: ports.templates } : {}),
    };
    const { result, receipts } = await applyWithinBudget(loaded, ctx, (c) => apply(loaded, c), ports.budget);
    const { state, outcome } = result;
    let stored = loaded;
    if (state !== loaded) {
      try {
        stored = await ports.store.save(state, loaded.v);
      } catch (error) {
        // An unknown failure may hide a write that landed: its units stay taken (a unit lost, never a cap exceeded).
        if (!(error instanceof VersionConflictError)) throw error;
        await giveBackAll(ports.budget, receipts);
        lastConflict = error;
        continue;
      }
    }
    const dispatched = stored.outbox;
    if (dispatched.length > 0) stored = await flushOutbox(stored, ports);
    return { outcome, state: stored, attempts: attempt, dispatched };
  }
  throw new TooMuchContentionError({ pseudonym, attempts: maxAttempts, cause: lastConflict });
}

/** Applies one protected inbound event to its customer (at-least-once safe). */
export function handleCustomerEvent(
  pseudonym: string,
  event: ProtectedEvent,
  ports: EnginePorts,
): Promise<Handled<EventOutcome>> {
  return withCustomer(pseudonym, ports, (state, ctx) => applyCustomerEvent(state, event, ctx));
}

/** Fires the customer's due timers (a `timer.due` from the sweeper). */
export function handleTimerDue(pseudonym: string, ports: EnginePorts): Promise<Handled<number>> {
  return withCustomer(pseudonym, ports, (state, ctx) => {
    const result = applyTimersDue(state, ctx);
    return { state: result.state, outcome: result.fired };
  });
}
