import { beyondMemory, rememberEvent, wasSeen } from '../customer/seen-events.ts';
import type { CustomerState } from '../customer/state.ts';
import type { ProtectedEvent } from '../events/protected.ts';
import { canonicalIso, toMs } from '../time.ts';
import { fireDueTimers } from './apply-timers-due.ts';
import { applyConsentChange } from './consent.ts';
import { applyConversions } from './conversions.ts';
import { applyAccountClosure, applyActivity, applyProfile } from './customer-facts.ts';
import { decideRequests } from './decisions.ts';
import { applyEngagement } from './engagement.ts';
import { endHaltedJourneys, feedJourneys } from './journey-stepping.ts';
import { applyPrivacyRequest } from './privacy.ts';
import { type EngineContext, Round } from './round.ts';
import { withShadows } from './shadow-versions.ts';

export type EventOutcome = 'applied' | 'duplicate' | 'older_than_erasure' | 'beyond_dedupe_memory';

export interface EventResult {
  state: CustomerState;
  outcome: EventOutcome;
}

/** Account closure and privacy requests are handled by the engine itself, never by journeys. */
function journeysSee(event: ProtectedEvent): boolean {
  return event.type !== 'customer.account_closed' && !event.type.startsWith('privacy.');
}

/** Remembers when an event type that ends some journey last occurred (decision 0005). */
function rememberEndingEvent(round: Round, event: ProtectedEvent): void {
  if (!round.ctx.registry.endingEventTypes().has(event.type)) return;
  const at = canonicalIso(event.occurredAt);
  const last = round.draft.lastAt?.[event.type];
  if (!last || last < at) round.draft.lastAt = { ...round.draft.lastAt, [event.type]: at };
}

/**
 * Pure: applies one inbound event to a customer, live and in every shadow version running (decision 0011). Duplicates (eventId seen within the dedupe horizon), events older
 * than an erasure, and events older than this customer's dedupe memory reaches (it overflowed) change nothing.
 * Timers already due fire in the same round, so nothing due is left for a sweep that already passed.
 */
export function applyCustomerEvent(state: CustomerState, event: ProtectedEvent, ctx: EngineContext): EventResult {
  const apply = (input: CustomerState, context: EngineContext) => applyLive(input, event, context);
  return withShadows(state, ctx, apply(state, ctx), apply);
}

function applyLive(state: CustomerState, event: ProtectedEvent, ctx: EngineContext): EventResult {
  if (state.erasedAt && toMs(event.occurredAt) <= toMs(state.erasedAt)) {
    return { state, outcome: 'older_than_erasure' };
  }
  if (wasSeen(state, event.eventId)) return { state, outcome: 'duplicate' };
  const occurred = toMs(event.occurredAt);
  if (beyondMemory(state, occurred)) return { state, outcome: 'beyond_dedupe_memory' };
  const round = new Round(state, ctx);
  rememberEvent(round.draft, event.eventId, occurred, ctx.now, ctx.policy.dedupe);
  endHaltedJourneys(round);
  fireDueTimers(round);
  if (round.draft.erasedAt && occurred <= toMs(round.draft.erasedAt)) {
    // A scheduled erasure that fell due before this event was handled covers it too, as it would after a sweep.
    return { state: round.finish(), outcome: 'older_than_erasure' };
  }
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
    case 'privacy.erasure_requested':
    case 'privacy.export_requested':
      applyPrivacyRequest(round, event);
      break;
    case 'message.delivered':
    case 'message.bounced':
    case 'message.complained':
    case 'message.opened':
    case 'message.clicked':
      applyEngagement(round, event);
      break;
    default:
      applyActivity(round, event);
  }
  rememberEndingEvent(round, event);
  if (journeysSee(event)) applyConversions(round, event);
  if (journeysSee(event) && !round.draft.closedAt) {
    feedJourneys(round, event, { type: event.type, eventId: event.eventId });
  }
  decideRequests(round);
  return { state: round.finish(), outcome: 'applied' };
}
