import type { DecisionRecord, OutboxItem } from '../customer/outbox.ts';
import { type CustomerState, type PendingTimer, type ShadowLane, wakeAt } from '../customer/state.ts';
import { nextIndexedWake } from '../customer/wake.ts';
import { shadowVersionOf } from '../journey-runtime/lifecycle.ts';
import { toIso } from '../time.ts';
import type { EngineContext } from './round.ts';

/** A live round of the engine: the same input for the live journeys and for each shadow version. */
type Apply<R extends { state: CustomerState }> = (state: CustomerState, ctx: EngineContext) => R;

/** The shadow's own messageId: `cart@2:…` beside the live `cart:…`, so the two never share a log key. */
export function shadowMessageIdOf(messageId: string, journeyId: string, version: number): string {
  return messageId.startsWith(`${journeyId}:`)
    ? `${journeyId}@${version}${messageId.slice(journeyId.length)}`
    : messageId;
}

const timerOf = (journeyId: string) => (timer: PendingTimer) =>
  (timer.kind === 'journey' && timer.journeyId === journeyId) ||
  (timer.kind === 'deferred' && timer.request.journeyId === journeyId);

/**
 * The customer as the shadow version sees it: everything the live journeys see, except that the journey's own
 * instance, sends and timers are the shadow's.
 */
function shadowView(state: CustomerState, journeyId: string, lane: ShadowLane): CustomerState {
  const { [journeyId]: _live, ...journeys } = state.journeys;
  const ownTimer = timerOf(journeyId);
  const { shadows: _shadows, ...rest } = state;
  return {
    ...rest,
    journeys: lane.instance ? { ...journeys, [journeyId]: lane.instance } : journeys,
    sent: [...state.sent.filter((sent) => sent.journeyId !== journeyId), ...(lane.sent ?? [])],
    timers: [...state.timers.filter((timer) => !ownTimer(timer)), ...(lane.timers ?? [])],
    outbox: [],
  };
}

function laneOf(state: CustomerState, journeyId: string): ShadowLane {
  const instance = state.journeys[journeyId];
  const sent = state.sent.filter((record) => record.journeyId === journeyId);
  const timers = state.timers.filter(timerOf(journeyId));
  return {
    ...(instance ? { instance } : {}),
    ...(sent.length > 0 ? { sent } : {}),
    ...(timers.length > 0 ? { timers } : {}),
  };
}

/** The shadow's decisions as they are logged: outcome `shadow`, what it would have been, its own messageId. */
function shadowDecisions(outbox: readonly OutboxItem[], journeyId: string, version: number): OutboxItem[] {
  const records: OutboxItem[] = [];
  for (const item of outbox) {
    if (item.kind !== 'decision' || item.record.journeyId !== journeyId) continue;
    const { firstTouch: _first, wouldHaveSent: _held, outcome, ...record } = item.record;
    const shadow: DecisionRecord = {
      ...record,
      messageId: shadowMessageIdOf(record.messageId, journeyId, version),
      outcome: 'shadow',
      wouldBe: outcome === 'shadow' ? 'send' : outcome,
    };
    records.push({ kind: 'decision', record: shadow });
  }
  return records;
}

const isEmpty = (lane: ShadowLane) => !lane.instance && !lane.sent && !lane.timers;

/**
 * Runs the round of every shadow version the operators configured (decision 0011) beside the live round: on the
 * same input state, with the journey pinned to the shadow version and the shadow's own instance, sends and timers.
 * Only the shadow's lane and its decisions (outcome `shadow`) are kept: nothing it decides is sent, announced or
 * counted against live caps and budgets. A shadow no longer configured is dropped with its lane; an erasure drops
 * every lane.
 */
export function withShadows<R extends { state: CustomerState }>(
  before: CustomerState,
  ctx: EngineContext,
  live: R,
  apply: Apply<R>,
): R {
  const configured = Object.keys(ctx.lifecycle ?? {}).filter((id) => shadowVersionOf(ctx.lifecycle, id) !== undefined);
  if (configured.length === 0 && !live.state.shadows) return live;
  if (live.state.erasureAppliedAt !== before.erasureAppliedAt) return live;
  const shadows: Record<string, ShadowLane> = {};
  const decisions: OutboxItem[] = [];
  let changed = Object.keys(before.shadows ?? {}).some((journeyId) => !configured.includes(journeyId));
  for (const journeyId of configured) {
    const version = shadowVersionOf(ctx.lifecycle, journeyId) as number;
    const registry = ctx.registry.pinned(journeyId, version);
    if (!registry) continue;
    const stored = before.shadows?.[journeyId] ?? {};
    const lane = stored.instance && stored.instance.version !== version ? {} : stored;
    const view = shadowView(before, journeyId, lane);
    const result = apply(view, { ...ctx, registry });
    const next = result.state === view ? lane : laneOf(result.state, journeyId);
    if (!isEmpty(next)) shadows[journeyId] = next;
    if (result.state !== view) decisions.push(...shadowDecisions(result.state.outbox, journeyId, version));
    changed ||= next !== stored;
  }
  if (!changed && decisions.length === 0) return live;
  const state: CustomerState = { ...live.state, outbox: [...live.state.outbox, ...decisions] };
  if (Object.keys(shadows).length > 0) state.shadows = shadows;
  else delete state.shadows;
  const indexed = nextIndexedWake(before.indexedWakeAt, wakeAt(state), toIso(ctx.now));
  if (indexed === undefined) delete state.indexedWakeAt;
  else state.indexedWakeAt = indexed;
  return { ...live, state };
}
