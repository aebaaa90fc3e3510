import { describe, expect, it } from 'vitest';
import { AnnouncementPendingError, DeliveryInProgressError } from '../../core/errors.ts';
import { handleDelivery } from '../../core/use-cases/handle-delivery.ts';
import { confirmation, DELIVERY_AT, deliveryWorld, sentAnnouncements } from './delivery-world.ts';
import { InjectedFault } from './fault-injector.ts';

const VISIBILITY = 180_000;

/**
 * Found by the fault sweep: a failure after the channel took a message (publishing `message.sent`, reading the
 * clock for it) released the ledger claim, so the redelivery sent the message again — twice to the recipient with a
 * provider that has no idempotency key (SES, SMS), and never announced with one that has. Now the send is recorded
 * as not announced yet and the redelivery announces it (decision 0013).
 */
describe('delivery after the channel took the message', () => {
  it('a failure to announce it neither releases the claim nor sends it again: the redelivery announces it', async () => {
    const world = await deliveryWorld([{ method: 'events.publish', call: 1, phase: 'before' }], false);
    await expect(handleDelivery(confirmation, world.deliver)).rejects.toBeInstanceOf(AnnouncementPendingError);
    world.clock.set(DELIVERY_AT + VISIBILITY);
    expect(await handleDelivery(confirmation, world.deliver)).toMatchObject({ status: 'duplicate' });
    expect([...world.channel.delivered.counts]).toEqual([[confirmation.messageId, 1]]);
    expect(sentAnnouncements(world)).toBe(1);
    expect(world.injector.fired).toHaveLength(1);
  });

  it('the clock failing for the announcement changes nothing either', async () => {
    const world = await deliveryWorld([{ method: 'clock.now', call: 3, phase: 'before' }], false);
    await expect(handleDelivery(confirmation, world.deliver)).rejects.toBeInstanceOf(AnnouncementPendingError);
    world.clock.set(DELIVERY_AT + VISIBILITY);
    await handleDelivery(confirmation, world.deliver);
    expect(world.channel.delivered.counts.get(confirmation.messageId)).toBe(1);
    expect(sentAnnouncements(world)).toBe(1);
  });

  it.each(['before', 'after'] as const)(
    'a late announcement whose ledger mark fails (%s its effect) is made again by the next delivery, never the send',
    async (phase) => {
      const faults = [
        { method: 'events.publish', call: 1, phase: 'before' as const },
        { method: 'ledger.markAnnounced', call: 1, phase },
      ];
      const world = await deliveryWorld(faults, false);
      await expect(handleDelivery(confirmation, world.deliver)).rejects.toBeInstanceOf(AnnouncementPendingError);
      world.clock.set(DELIVERY_AT + VISIBILITY);
      await expect(handleDelivery(confirmation, world.deliver)).rejects.toBeInstanceOf(InjectedFault);
      world.clock.set(DELIVERY_AT + 2 * VISIBILITY);
      expect(await handleDelivery(confirmation, world.deliver)).toMatchObject({ status: 'duplicate' });
      world.clock.set(DELIVERY_AT + 3 * VISIBILITY);
      expect(await handleDelivery(confirmation, world.deliver)).toMatchObject({ status: 'duplicate' });
      expect(world.channel.delivered.counts.get(confirmation.messageId)).toBe(1);
      // At least once: announced by the second delivery, and once more by the third when the mark was lost before it.
      const announcement = [...world.bus.published.counts].find(([key]) => key.startsWith('message.sent '));
      expect(announcement?.[1]).toBe(phase === 'before' ? 2 : 1);
    },
  );

  it('a failure before the send gives the claim back, and the redelivery sends once', async () => {
    const world = await deliveryWorld([{ method: 'renderer.render', call: 1, phase: 'after' }], false);
    await expect(handleDelivery(confirmation, world.deliver)).rejects.toBeInstanceOf(InjectedFault);
    expect(world.channel.delivered.size).toBe(0);
    world.clock.set(DELIVERY_AT + VISIBILITY);
    expect(await handleDelivery(confirmation, world.deliver)).toMatchObject({ status: 'sent' });
    expect(world.channel.delivered.counts.get(confirmation.messageId)).toBe(1);
    expect(sentAnnouncements(world)).toBe(1);
  });

  it('a ledger that cannot be completed keeps the claim until its lease ends; the provider then recognises it', async () => {
    const world = await deliveryWorld([{ method: 'ledger.complete', call: 1, phase: 'before' }], true);
    await expect(handleDelivery(confirmation, world.deliver)).rejects.toBeInstanceOf(InjectedFault);
    world.clock.set(DELIVERY_AT + 60_000);
    await expect(handleDelivery(confirmation, world.deliver)).rejects.toBeInstanceOf(DeliveryInProgressError);
    world.clock.set(DELIVERY_AT + VISIBILITY);
    expect(await handleDelivery(confirmation, world.deliver)).toMatchObject({ status: 'duplicate' });
    expect(world.channel.delivered.counts.get(confirmation.messageId)).toBe(1);
    expect(world.channel.providerDuplicates).toBe(1);
    expect(sentAnnouncements(world)).toBe(1);
  });
});
