import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../cli/replay/replay-caches.ts';
import { wakeAt } from '../../core/customer/state.ts';
import { applyCustomerEvent } from '../../core/engine/apply-customer-event.ts';
import { applyTimersDue } from '../../core/engine/apply-timers-due.ts';
import type { ProtectedEvent } from '../../core/events/protected.ts';
import { outcomeRecordOf } from '../../core/outcomes/from-log.ts';
import { toIso } from '../../core/time.ts';
import { countDispatched } from '../../core/use-cases/count-dispatched.ts';
import { browseJourney } from '../../journeys/browse.ts';
import { cartJourney } from '../../journeys/cart.ts';
import { cartJourneyV2 } from '../../journeys/cart-v2.ts';
import { purchaseJourney } from '../../journeys/purchase.ts';
import { days, hours, type JourneyHarness, minutes, startJourney } from '../support/virtual-time.ts';

const addItem = { cartId: 'cart-1', productId: 'sku-1', quantity: 1, itemCount: 1, cartValue: 59.9, currency: 'EUR' };
const order = (orderId: string) => ({
  orderId,
  total: 59.9,
  currency: 'EUR',
  items: [{ productId: 'sku-1', quantity: 1, price: 59.9 }],
});

const live = [cartJourney, purchaseJourney, browseJourney];
const withCandidate = () => startJourney(live, { candidates: [cartJourneyV2] });

/** The same script of events, with fixed event ids, for a harness with or without a shadow. */
function script(journey: JourneyHarness): void {
  journey.send('product.viewed', { productId: 'sku-1', eventId: '10000000-0000-4000-8000-000000000001' });
  journey.send('cart.item_added', { ...addItem, eventId: '10000000-0000-4000-8000-000000000002' });
  journey.advanceBy(hours(3));
  journey.send('cart.item_added', { ...addItem, eventId: '10000000-0000-4000-8000-000000000003' });
  journey.advanceTo('2026-11-23T22:10:00Z');
  journey.send('order.placed', { ...order('o-1'), eventId: '10000000-0000-4000-8000-000000000004' });
  journey.advanceBy(days(2));
}

describe('a shadow version', () => {
  it('enters and decides as if live, records outcome shadow and sends nothing', () => {
    const journey = withCandidate();
    journey.shadow('cart', 2);
    journey.send('cart.item_added', addItem);
    journey.advanceBy(minutes(30));
    expect(journey.sentTemplates).toEqual([]);
    expect(journey.shadowDecisions).toEqual([
      expect.objectContaining({
        journeyId: 'cart',
        version: 2,
        template: 'cart-reminder',
        outcome: 'shadow',
        wouldBe: 'send',
        reasons: [],
        decidedAt: '2026-11-23T10:30:00.000Z',
      }),
    ]);
    expect(journey.shadowDecisions[0]?.messageId).toMatch(/^cart@2:/);
    journey.advanceBy(minutes(30));
    expect(journey.sentTemplates).toEqual(['cart-reminder']);
    expect(journey.lastDecision('cart-reminder')).toMatchObject({ version: 1, outcome: 'send' });
    expect(journey.journey('cart')).toMatchObject({ version: 1, status: 'active' });
    expect(journey.state.shadows?.cart?.instance).toMatchObject({ version: 2, status: 'active' });
  });

  it('leaves every live decision, event and state exactly as without it', () => {
    const plain = withCandidate();
    const shadowed = withCandidate();
    shadowed.shadow('cart', 2);
    script(plain);
    script(shadowed);
    expect(shadowed.shadowDecisions.length).toBeGreaterThan(0);
    expect(shadowed.decisions.filter((decision) => decision.outcome !== 'shadow')).toEqual(plain.decisions);
    expect(shadowed.events).toEqual(plain.events);
    // `seen` holds the harness's own profile and consent event ids, which differ between two harnesses.
    const { shadows, indexedWakeAt: _a, seen: _c, ...liveState } = shadowed.state;
    const { indexedWakeAt: _b, seen: _d, ...plainState } = plain.state;
    expect(liveState).toEqual(plainState);
    expect(shadows?.cart?.instance).toMatchObject({ version: 2, status: 'exited', outcome: 'converted' });
  });

  it('mirrors every live decision of its journey when it runs the live version itself', () => {
    const journey = withCandidate();
    journey.shadow('cart', 1);
    script(journey);
    const view = ({ template, decidedAt, reasons, channel, entry }: (typeof journey.decisions)[number]) => ({
      template,
      decidedAt,
      reasons,
      channel,
      entry,
    });
    const liveCart = journey.decisions.filter(
      (decision) => decision.journeyId === 'cart' && decision.outcome !== 'shadow',
    );
    expect(liveCart.length).toBeGreaterThan(1);
    expect(journey.shadowDecisions.map(view)).toEqual(liveCart.map(view));
    expect(journey.shadowDecisions.map((decision) => decision.wouldBe)).toEqual(
      liveCart.map((decision) => decision.outcome),
    );
  });

  it('holds a message back over quiet hours as live would, and decides it again in the morning, still as shadow', () => {
    const journey = withCandidate();
    journey.shadow('cart', 2);
    journey.advanceTo('2026-11-23T20:45:00Z');
    journey.send('cart.item_added', addItem);
    journey.advanceTo('2026-11-24T08:00:00Z');
    expect(
      journey.shadowDecisions.map(({ outcome, wouldBe, reasons, deferredUntil }) => ({
        outcome,
        wouldBe,
        reasons,
        deferredUntil,
      })),
    ).toEqual([
      { outcome: 'shadow', wouldBe: 'deferred', reasons: ['quiet_hours'], deferredUntil: '2026-11-24T08:00:00.000Z' },
      { outcome: 'shadow', wouldBe: 'send', reasons: [], deferredUntil: undefined },
    ]);
    expect(journey.sentMessages).toEqual([expect.objectContaining({ template: 'cart-reminder', version: 1 })]);
  });

  it('wakes the customer for its own waits, before the live version would', () => {
    const journey = withCandidate();
    journey.shadow('cart', 2);
    journey.send('cart.item_added', addItem);
    expect(journey.pendingTimers.map((timer) => timer.fireAt)).not.toContain('2026-11-23T10:30:00.000Z');
    expect(wakeAt(journey.state)).toBe('2026-11-23T10:30:00.000Z');
    expect(journey.state.indexedWakeAt).toBe('2026-11-23T10:30:00.000Z');
  });

  it('keeps its would-be sends to itself: the live sends history has only what went out', () => {
    const journey = withCandidate();
    journey.shadow('cart', 2);
    journey.send('cart.item_added', addItem);
    journey.advanceBy(hours(2));
    expect(journey.state.sent.map((sent) => sent.messageId)).toEqual([journey.sentMessages[0]?.messageId]);
    expect(journey.state.shadows?.cart?.sent?.map((sent) => sent.messageId)).toEqual([
      journey.shadowDecisions[0]?.messageId.replace('cart@2:', 'cart:'),
    ]);
  });

  it('is dropped with all its state at the next event once the operator ends the run', () => {
    const journey = withCandidate();
    journey.shadow('cart', 2);
    journey.send('cart.item_added', addItem);
    expect(journey.state.shadows?.cart).toBeDefined();
    journey.shadow('cart', undefined);
    journey.send('product.viewed', { productId: 'sku-2' });
    expect(journey.state.shadows).toBeUndefined();
    journey.advanceBy(days(2));
    expect(journey.shadowDecisions).toEqual([]);
  });

  it('never writes to the state it was given, its own lane included', () => {
    const journey = withCandidate();
    journey.shadow('cart', 2);
    journey.send('cart.item_added', addItem);
    journey.advanceBy(minutes(31));
    const frozen = deepFreeze(structuredClone(journey.state));
    const ctx = { registry: journey.registry, policy: journey.policy, now: journey.now, lifecycle: journey.lifecycle };
    const event = { type: 'cart.item_added', eventId: '20000000-0000-4000-8000-000000000001' } as const;
    const added = applyCustomerEvent(
      frozen,
      { ...event, occurredAt: toIso(journey.now), ...addItem } as ProtectedEvent,
      ctx,
    );
    expect(added.state.shadows?.cart?.instance?.entries).toBe(1);
    const later = { ...ctx, now: journey.now + hours(24) };
    expect(applyTimersDue(frozen, later).state.shadows?.cart?.instance?.status).toBe('active');
  });

  it('keeps nothing after an erasure', () => {
    const journey = withCandidate();
    journey.shadow('cart', 2);
    journey.send('cart.item_added', addItem);
    journey.send('privacy.erasure_requested', { requestId: 'r-1' });
    expect(journey.state.shadows).toBeUndefined();
    expect(journey.state.journeys).toEqual({});
  });

  it('stays out of the live outcome report and its reason metrics, and is counted as Decided{shadow}', () => {
    const journey = withCandidate();
    journey.shadow('cart', 2);
    journey.send('cart.item_added', addItem);
    journey.advanceBy(hours(25));
    const shadowItems = journey.dispatched.filter(
      (item) => item.kind === 'decision' && item.record.outcome === 'shadow',
    );
    expect(shadowItems.length).toBe(2);
    for (const item of shadowItems) expect(outcomeRecordOf(item as never)).toBeUndefined();
    const counts: { name: string; dimensions: Record<string, string> | undefined }[] = [];
    const ignore = () => undefined;
    const telemetry = {
      info: ignore,
      warn: ignore,
      error: ignore,
      count: (name: string, dimensions?: Record<string, string>) => counts.push({ name, dimensions }),
    };
    countDispatched(telemetry, shadowItems);
    expect(counts).toEqual([
      { name: 'Decided', dimensions: { journey: 'cart', outcome: 'shadow' } },
      { name: 'Decided', dimensions: { journey: 'cart', outcome: 'shadow' } },
    ]);
  });
});
