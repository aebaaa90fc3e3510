import type { CustomerState, ProfileField } from '../customer/state.ts';
import type { ProtectedEvent } from '../events/protected.ts';
import { ACTIVITY_TYPES } from '../events/schemas.ts';
import { canonicalIso, days, toIso } from '../time.ts';
import { exitJourney } from './journey-stepping.ts';
import type { Round } from './round.ts';

type ProfileUpdate = Extract<ProtectedEvent, { type: 'customer.profile_updated' }>;

/** When each profile field was set; items written before per-field times count their fields as set at `profileAt`. */
function fieldTimes(draft: CustomerState): Partial<Record<ProfileField, string>> {
  if (draft.profileFieldsAt) return { ...draft.profileFieldsAt };
  const at = draft.profileAt;
  if (!at) return {};
  return {
    ...(draft.contact !== undefined ? { contact: at } : {}),
    ...(draft.tz ? { tz: at } : {}),
    ...(draft.country ? { country: at } : {}),
    ...(draft.locale ? { locale: at } : {}),
  };
}

/**
 * A profile update replaces the contact blob as a whole (fields are encrypted together) and sets tz/country/locale.
 * Newest wins per field: an update arriving late sets only the fields no newer update has set, so the outcome does
 * not depend on the order the queues deliver updates in (a newer time-zone change does not drop an older contact).
 */
export function applyProfile(round: Round, event: ProfileUpdate): void {
  const { draft } = round;
  const at = canonicalIso(event.occurredAt);
  const times = fieldTimes(draft);
  const newest = (field: ProfileField) => (times[field] ?? at) <= at;
  if (event.contact && newest('contact')) {
    draft.contact = event.contact.blob;
    draft.has = { ...event.contact.has };
    delete draft.undeliverable;
    times.contact = at;
  }
  if (event.timeZone && newest('tz')) [draft.tz, times.tz] = [event.timeZone, at];
  if (event.country && newest('country')) [draft.country, times.country] = [event.country, at];
  if (event.locale && newest('locale')) [draft.locale, times.locale] = [event.locale, at];
  draft.profileFieldsAt = times;
  if (!draft.profileAt || draft.profileAt < at) draft.profileAt = at;
}

/** Smallest `inactivityAfter` among journeys entered by `customer.inactive`, if any. */
function inactivityAfter(round: Round): number | undefined {
  let smallest: number | undefined;
  for (const definition of round.ctx.registry.current()) {
    if (!definition.entry.triggers.includes('customer.inactive')) continue;
    const after = definition.entry.inactivityAfter ?? days(30);
    smallest = smallest === undefined ? after : Math.min(smallest, after);
  }
  return smallest;
}

/** Activity updates lastActivityAt, the RFM aggregates and restarts the inactivity timer. */
export function applyActivity(round: Round, event: ProtectedEvent): void {
  if (!ACTIVITY_TYPES.has(event.type)) return;
  const { draft } = round;
  const at = canonicalIso(event.occurredAt);
  if (!draft.lastActivityAt || draft.lastActivityAt < at) draft.lastActivityAt = at;
  if (event.type === 'order.placed') {
    const rfm = { ...draft.rfm };
    draft.rfm = rfm;
    rfm.orders += 1;
    rfm.revenue = Math.round((rfm.revenue + event.total) * 100) / 100;
    rfm.currency = event.currency;
    if (!rfm.firstOrderAt || at < rfm.firstOrderAt) rfm.firstOrderAt = at;
    if (!rfm.lastOrderAt || rfm.lastOrderAt < at) rfm.lastOrderAt = at;
  }
  const after = inactivityAfter(round);
  if (after !== undefined && !draft.closedAt) {
    round.setTimer({ kind: 'inactivity', id: 'inactivity', fireAt: toIso(round.ctx.now + after) });
  }
}

/** Account closed: every journey exits at once and erasure is scheduled after the retention grace. */
export function applyAccountClosure(round: Round): void {
  const { draft, ctx } = round;
  draft.closedAt = round.nowIso;
  for (const [journeyId, instance] of Object.entries(draft.journeys)) {
    if (instance.status === 'active') exitJourney(round, journeyId, instance, 'account_closed');
  }
  round.removeTimers((timer) => timer.kind === 'inactivity');
  round.setTimer({ kind: 'erasure', id: 'erasure', fireAt: toIso(ctx.now + ctx.policy.accountClosedErasureAfter) });
}
