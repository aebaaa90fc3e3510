import { newCustomer } from '../customer/state.ts';
import type { ProtectedEvent } from '../events/protected.ts';
import { canonicalIso, toIso, toMs } from '../time.ts';
import type { Round } from './round.ts';

type PrivacyRequest = Extract<ProtectedEvent, { type: 'privacy.erasure_requested' | 'privacy.export_requested' }>;

/**
 * Erasure, as one change of the customer item under its version lock (decision 0005): everything the item held goes,
 * leaving a tombstone at `erasedAt` — the request's event time — so every event that occurred before it is dropped
 * from then on, in whatever order the queues deliver. Only the memory of applied eventIds stays (digests, no data),
 * so a redelivered later event is not applied twice. What is not in the item (decision log, consent proofs, the
 * customer's data keys) is deleted by the privacy function, which the outbox asks to.
 */
export function applyErasure(round: Round, erasedAt: string, reason: string, requestId?: string): void {
  const { draft } = round;
  const until = draft.erasedAt && draft.erasedAt > erasedAt ? draft.erasedAt : erasedAt;
  const tombstone = {
    ...newCustomer(draft.pseudonym),
    v: draft.v,
    seen: draft.seen,
    ...(draft.seenFloor ? { seenFloor: draft.seenFloor } : {}),
    erasedAt: until,
    erasureAppliedAt: round.nowIso,
  };
  for (const key of Object.keys(draft)) delete (draft as unknown as Record<string, unknown>)[key];
  Object.assign(draft, tombstone);
  round.requests.length = 0;
  round.push({ kind: 'erasure', reason, erasedAt: until, at: round.nowIso, ...(requestId ? { requestId } : {}) });
}

/** A privacy request, applied in event-time order with the customer's other events. */
export function applyPrivacyRequest(round: Round, event: PrivacyRequest): void {
  if (event.type === 'privacy.erasure_requested') {
    applyErasure(round, canonicalIso(event.occurredAt), 'request', event.requestId);
    return;
  }
  // The export waits out the clock-skew allowance, so events that occurred before the request are in it.
  const fireAt = toIso(Math.max(round.ctx.now, toMs(event.occurredAt) + round.ctx.policy.eventTime.maxFutureSkew));
  round.setTimer({ kind: 'export', id: `export/${event.requestId}`, fireAt, requestId: event.requestId });
}
