import type { CustomerState } from '../customer/state.ts';
import { eventDigest, SEEN_RING_SIZE } from '../customer/state.ts';
import type { ProtectedEvent } from '../events/protected.ts';
import { toMs } from '../time.ts';
import { fireDueTimers } from './apply-timers-due.ts';
import { applyConsentChange } from './consent.ts';
import { applyAccountClosure, applyActivity, applyProfile } from './customer-facts.ts';
import { decideRequests } from './decisions.ts';
import { feedJourneys } from './journey-stepping.ts';
import { type EngineContext, Round } from './round.ts';

export type EventOutcome = 'applied' | 'duplicate' | 'older_than_erasure';

export interface EventResult {
  state: CustomerState;
  outcome: EventOutcome;
}

/** Account closure and privacy requests are handled by the engine itself, never by journeys. */
function journeysSee(event: ProtectedEvent): boolean {
  return event.type !== 'customer.account_closed' && !event.type.startsWith('privacy.');
}

/**
 * Pure: applies one inbound event to a customer. Duplicates (eventId seen) and events older than an erasure change
 * nothing. Timers already due fire in the same round, so nothing due is left for a sweep that already passed.
 */
export function applyCustomerEvent(state: CustomerState, event: ProtectedEvent, ctx: EngineContext): EventResult {
  if (state.erasedAt && toMs(event.occurredAt) <= toMs(state.erasedAt)) {
    return { state, outcome: 'older_than_erasure' };
  }
  const digest = eventDigest(event.eventId);
  if (state.seen.includes(digest)) return { state, outcome: 'duplicate' };
  const round = new Round(state, ctx);
  round.draft.seen = [...round.draft.seen, digest].slice(-SEEN_RING_SIZE);
  fireDueTimers(round);
  switch (event.type) {
    case 'customer.profile_updated':
      applyProfile(round, event);
      break;
    case 'consent.changed':
      applyConsentChange(round, event);
      break;
    case 'customer.account_closed':
      applyAccountClosure(round);
      break;
    default:
      applyActivity(round, event);
  }
  if (journeysSee(event) && !round.draft.closedAt) {
    feedJourneys(round, event, { type: event.type, eventId: event.eventId });
  }
  decideRequests(round);
  return { state: round.finish(), outcome: 'applied' };
}
