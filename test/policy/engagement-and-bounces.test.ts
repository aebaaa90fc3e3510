import { describe, expect, it } from 'vitest';
import type { EngagementRecord } from '../../core/customer/outbox.ts';
import { purchaseJourney } from '../../journeys/purchase.ts';
import { orderOf } from '../support/sample-events.ts';
import { type JourneyHarness, startJourney } from '../support/virtual-time.ts';

const messageIdOf = (journey: JourneyHarness, messageKey: string): string => {
  const id = journey.lastDecision(messageKey)?.messageId;
  if (!id) throw new Error(`no decision for ${messageKey}`);
  return id;
};

const engagements = (journey: JourneyHarness): EngagementRecord[] =>
  journey.dispatched.flatMap((item) => (item.kind === 'engagement' ? [item.record] : []));

describe('engagement and deliverability events (DESIGN.md §12)', () => {
  it('suppresses every later email, transactional too, as undeliverable after a hard bounce, until the contact changes', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', orderOf('p', 10, 'EUR', 'o-1'));
    journey.send('message.bounced', {
      messageId: messageIdOf(journey, 'order-confirmation'),
      channel: 'email',
      bounceType: 'hard',
    });
    journey.send('order.placed', orderOf('p', 10, 'EUR', 'o-2'));
    expect(journey.lastDecision('order-confirmation')).toMatchObject({
      outcome: 'suppressed',
      reasons: ['undeliverable'],
    });
    journey.send('customer.profile_updated', { contact: { email: 'fixed@example.com' } });
    journey.send('order.placed', orderOf('p', 10, 'EUR', 'o-3'));
    expect(journey.lastDecision('order-confirmation')).toMatchObject({ outcome: 'send' });
  });

  it('treats a complaint like a hard bounce, and a soft bounce as nothing to act on', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', orderOf('p', 10, 'EUR', 'o-1'));
    const id = messageIdOf(journey, 'order-confirmation');
    journey.send('message.bounced', { messageId: id, channel: 'email', bounceType: 'soft' });
    expect(journey.state.undeliverable).toBeUndefined();
    journey.send('message.complained', { messageId: id, channel: 'email' });
    expect(journey.state.undeliverable?.email).toBeDefined();
  });

  it('records deliveries, opens (machine opens apart) and clicks for the funnel', () => {
    const journey = startJourney(purchaseJourney);
    journey.send('order.placed', orderOf());
    const messageId = messageIdOf(journey, 'order-confirmation');
    journey.send('message.delivered', { messageId, channel: 'email' });
    journey.send('message.opened', { messageId, channel: 'email', machine: true });
    journey.send('message.opened', { messageId, channel: 'email' });
    journey.send('message.clicked', { messageId, channel: 'email' });
    expect(engagements(journey).map(({ action, machine }) => [action, machine ?? false])).toEqual([
      ['delivered', false],
      ['opened', true],
      ['opened', false],
      ['clicked', false],
    ]);
  });
});
