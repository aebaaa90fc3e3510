import type { OutboundEvent } from '../customer/outbox.ts';
import type { CustomerState } from '../customer/state.ts';
import { newCustomer } from '../customer/state.ts';
import { toIso } from '../time.ts';

export interface Erasure {
  /** What remains: an empty customer carrying only the tombstone time. */
  tombstone: CustomerState;
  completed: OutboundEvent;
}

/**
 * Pure: what erasure leaves behind. The store deletes every item of the pseudonym and writes the tombstone; events
 * that happened before `erasedAt` are dropped from then on.
 */
export function eraseCustomer(pseudonym: string, requestId: string, now: number): Erasure {
  const erasedAt = toIso(now);
  return {
    tombstone: { ...newCustomer(pseudonym), erasedAt },
    completed: { detailType: 'privacy.erasure_completed', detail: { pseudonym, at: erasedAt, requestId } },
  };
}
