import { armOf } from '../customer/outbox.ts';
import type { JourneyInstance } from '../customer/state.ts';
import type { ProtectedEvent } from '../events/protected.ts';
import type { JourneyDefinition } from '../journey-runtime/definition.ts';
import { canonicalIso, toMs } from '../time.ts';
import type { Round } from './round.ts';

const daysOf = (ms: number) => Math.round(ms / 86_400_000);

/** The attribution rule in words, as recorded with every conversion. */
export function attributionRule(window: number, touchWindow = window): string {
  return `last touch within ${daysOf(touchWindow)} days; counted once per entry within ${daysOf(window)} days of it`;
}

function revenueOf(event: ProtectedEvent): { revenue?: number; currency?: string } {
  if (event.type !== 'order.placed') return {};
  return { revenue: event.total, currency: event.currency };
}

/** When the entry began, by event time where the trigger had one. */
const entryTime = (instance: JourneyInstance) => toMs(instance.since ?? instance.enteredAt);

function converts(definition: JourneyDefinition, instance: JourneyInstance, event: ProtectedEvent): boolean {
  const goal = definition.conversion;
  if (!goal || goal.event !== event.type || instance.convertedAt) return false;
  const occurred = toMs(event.occurredAt);
  const begun = entryTime(instance);
  if (occurred < begun || occurred - begun > goal.window) return false;
  const facts = instance.status === 'active' ? instance.snapshot.context : {};
  return goal.matches ? goal.matches(facts, event as unknown as Record<string, unknown>) : true;
}

/**
 * Records a conversion for every journey entry this event reaches the goal of (DESIGN.md §12): once per entry, at
 * ingest, with the entry's last message within the window as the attributed one (last touch). Runs before the
 * journeys step, so an entry the event ends still has its facts.
 */
export function applyConversions(round: Round, event: ProtectedEvent): void {
  const { draft } = round;
  for (const definition of round.ctx.registry.current()) {
    const instance = draft.journeys[definition.id];
    const goal = definition.conversion;
    if (!instance || !goal || !converts(definition, instance, event)) continue;
    const at = canonicalIso(event.occurredAt);
    (round.ownJourney(definition.id) ?? instance).convertedAt = at;
    const touch = instance.lastTouch;
    const touchWindow = goal.touchWindow ?? goal.window;
    const attributed = touch && toMs(at) - toMs(touch.at) <= touchWindow && touch.at <= at ? touch : undefined;
    const record = {
      pseudonym: draft.pseudonym,
      journeyId: definition.id,
      version: instance.version,
      entry: instance.entries,
      at,
      event: event.type,
      eventId: event.eventId,
      ...revenueOf(event),
      ...(attributed ? { messageId: attributed.messageId } : {}),
      ...(attributed?.heldBack ? { heldBack: true } : {}),
      ...(attributed?.split ? { split: attributed.split } : {}),
      rule: attributionRule(goal.window, touchWindow),
    };
    round.push({ kind: 'conversion', record });
    round.emit('journey.converted', {
      journeyId: definition.id,
      entry: instance.entries,
      revenue: record.revenue,
      currency: record.currency,
      messageId: record.messageId,
      arm: armOf(record),
      variant: record.split?.variant,
    });
  }
}
