import { type StoredRequest, storedRequest } from '../customer/request.ts';
import type { CustomerState, PendingTimer } from '../customer/state.ts';
import { toIso, toMs } from '../time.ts';
import { decideRequests } from './decisions.ts';
import { endHaltedJourneys, feedJourneys, stepInstance } from './journey-stepping.ts';
import { modeOf, pausedRecheckOf } from './lifecycle.ts';
import { applyErasure } from './privacy.ts';
import { type EngineContext, Round } from './round.ts';
import { withShadows } from './shadow-versions.ts';

/** Fires every timer due at `now` (earliest first) inside an open round; returns how many fired. */
export function fireDueTimers(round: Round): number {
  const { draft, ctx } = round;
  const isDue = (timer: PendingTimer) => toMs(timer.fireAt) <= ctx.now;
  if (!draft.timers.some(isDue)) return 0;
  const due = draft.timers.filter(isDue).sort((a, b) => (a.fireAt < b.fireAt ? -1 : 1));
  const dueIds = new Set(due.map((timer) => timer.id));
  round.removeTimers((timer) => dueIds.has(timer.id));
  for (const timer of due) {
    if (timer.kind === 'journey' && modeOf(ctx, timer.journeyId) === 'hold') {
      // A paused journey's customers wait where they are: the wait is looked at again later.
      round.setTimer({ ...timer, fireAt: toIso(ctx.now + pausedRecheckOf(ctx.policy)) });
    } else if (timer.kind === 'journey') {
      const instance = draft.journeys[timer.journeyId];
      if (instance?.status === 'active' && instance.entries === timer.entry) {
        const event = timer.event ?? timer.id.slice(timer.journeyId.length + 1);
        stepInstance(round, timer.journeyId, { type: event }, { type: 'timer' });
      }
    } else if (timer.kind === 'deferred') {
      round.requests.push(storedRequest(timer.request as StoredRequest));
    } else if (timer.kind === 'inactivity') {
      const lastActivityAt = draft.lastActivityAt ?? timer.fireAt;
      const daysInactive = Math.floor((ctx.now - toMs(lastActivityAt)) / 86_400_000);
      feedJourneys(round, { type: 'customer.inactive', lastActivityAt, daysInactive }, { type: 'customer.inactive' });
    } else if (timer.kind === 'export') {
      round.push({ kind: 'export', requestId: timer.requestId });
    } else {
      applyErasure(round, round.nowIso, 'account_closed');
      return due.length;
    }
  }
  return due.length;
}

export interface TimersResult {
  state: CustomerState;
  fired: number;
}

/**
 * Pure: fires the customer's due timers (journey delays, deferred messages, inactivity, exports, scheduled erasure), live
 * and in every shadow version running. A wake that finds nothing due (the index held an earlier time) only moves the
 * index.
 */
export function applyTimersDue(state: CustomerState, ctx: EngineContext): TimersResult {
  return withShadows(state, ctx, applyLiveTimers(state, ctx), applyLiveTimers);
}

function applyLiveTimers(state: CustomerState, ctx: EngineContext): TimersResult {
  const round = new Round(state, ctx);
  endHaltedJourneys(round);
  const fired = fireDueTimers(round);
  const indexPassed = state.indexedWakeAt !== undefined && toMs(state.indexedWakeAt) <= ctx.now;
  if (fired === 0 && !indexPassed) return { state, fired };
  decideRequests(round);
  return { state: round.finish(), fired };
}
