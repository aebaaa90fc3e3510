import { SendPacedError } from '../errors.ts';
import type { JourneyRegistry } from '../journey-runtime/registry.ts';
import type { DeliveryRequest } from '../messages/delivery.ts';
import { DEFAULT_BUDGET_SHARDS } from '../policy/journey-budget.ts';
import type { SendPacer } from '../ports/journey-budget.ts';
import type { Clock } from '../ports/messaging.ts';

/** A journey's send rate (`limits.perSecond`), as delivery paces it. */
export interface SendRate {
  perSecond: number;
  shards: number;
}

/** How delivery keeps each journey under its sends per second (decision 0008). */
export interface DeliveryPacing {
  pacer: SendPacer;
  rateOf(journeyId: string): SendRate | undefined;
  /** Waits this long (a real sleep on Lambda and locally). */
  wait(ms: number): Promise<void>;
  /** How many times a send waits for the next second before it goes back to its queue (default 5). */
  maxWaits?: number;
}

/** The rates the deployed journeys declare, by journey id. */
export function journeyRates(registry: JourneyRegistry): (journeyId: string) => SendRate | undefined {
  const rates = new Map<string, SendRate>();
  for (const definition of registry.current()) {
    const perSecond = definition.limits?.perSecond;
    if (perSecond !== undefined) {
      rates.set(definition.id, { perSecond, shards: definition.limits?.shards ?? DEFAULT_BUDGET_SHARDS });
    }
  }
  return (journeyId) => rates.get(journeyId);
}

/**
 * Waits for a slot in the current second of the message's journey rate, never dropping the message: after
 * `maxWaits` seconds without one it throws `SendPacedError` and the queue delivers it again later.
 */
export async function waitForSendSlot(message: DeliveryRequest, pacing: DeliveryPacing, clock: Clock): Promise<void> {
  const rate = pacing.rateOf(message.journeyId);
  if (!rate) return;
  const maxWaits = pacing.maxWaits ?? 5;
  for (let waits = 0; ; waits += 1) {
    const now = clock.now();
    const take = await pacing.pacer.pace({ journeyId: message.journeyId, messageId: message.messageId, now, ...rate });
    if (take.granted) return;
    if (waits >= maxWaits) {
      throw new SendPacedError({ messageId: message.messageId, journeyId: message.journeyId, waits });
    }
    await pacing.wait(Math.max(0, take.retryAt - now));
  }
}
