import { describe, expect, it } from 'vitest';
import { MemorySendLedger } from '../../adapters/local/memory-send-ledger.ts';
import { AnnouncementPendingError } from '../../core/errors.ts';
import type { SendLedger } from '../../core/ports/send-ledger.ts';
import { handleDelivery } from '../../core/use-cases/handle-delivery.ts';
import { handlePrivacyMessage } from '../../core/use-cases/handle-privacy-message.ts';
import { decisionOf } from '../support/customer-table-contract.ts';
import { asDecisions } from '../support/log-entries.ts';
import { confirmation, DELIVERY_AT, deliveryWorld, sentAnnouncements } from './delivery-world.ts';

/**
 * Product bugs the fault suite found. A bug still open is an `it.fails` stating the behaviour the design asks for,
 * and the sweep lists the runs it explains (known-defects.ts); once fixed it turns into an `it` and stays here as a
 * regression test (the unannounced send and the erasure count: decision 0013).
 */
describe('product bugs found by fault injection', () => {
  it('message.sent is published once when the send response was lost (the redelivery hears "duplicate")', async () => {
    const world = await deliveryWorld([{ method: 'channels.email.send', call: 1, phase: 'after' }], true);
    await expect(handleDelivery(confirmation, world.deliver)).rejects.toThrow();
    world.clock.set(DELIVERY_AT + 180_000);
    await handleDelivery(confirmation, world.deliver);
    expect(world.channel.delivered.counts.get(confirmation.messageId)).toBe(1);
    expect(sentAnnouncements(world)).toBe(1);
  });

  it('message.sent is published once when publishing it failed once: the delivery fails, its redelivery announces', async () => {
    const world = await deliveryWorld([{ method: 'events.publish', call: 1, phase: 'before' }], true);
    await expect(handleDelivery(confirmation, world.deliver)).rejects.toBeInstanceOf(AnnouncementPendingError);
    world.clock.set(DELIVERY_AT + 180_000);
    await handleDelivery(confirmation, world.deliver);
    expect(sentAnnouncements(world)).toBe(1);
  });

  it('an erasure done again announces privacy.erasure_completed with what the erasure deleted, not what the repeat found', async () => {
    const world = await deliveryWorld([{ method: 'eraser.eraseRecords', call: 1, phase: 'after' }], false);
    const { pseudonym } = confirmation;
    await world.table.append(
      asDecisions([
        decisionOf(pseudonym, 1, '2026-11-22T10:00:00.000Z'),
        decisionOf(pseudonym, 2, '2026-11-22T11:00:00.000Z'),
      ]),
    );
    const erasure = {
      kind: 'erasure-due' as const,
      pseudonym,
      reason: 'request',
      erasedAt: '2026-11-23T09:00:00.000Z',
      at: '2026-11-23T09:00:00.000Z',
    };
    await expect(handlePrivacyMessage(erasure, world.privacy)).rejects.toThrow();
    await handlePrivacyMessage(erasure, world.privacy);
    const completed = [...world.bus.published.counts.keys()].filter((key) =>
      key.startsWith('privacy.erasure_completed'),
    );
    expect(completed.map((key) => JSON.parse(key.slice(key.indexOf(' ') + 1)).itemsDeleted)).toEqual([2]);
  });

  it('MemorySendLedger (replay) lets a claim whose worker died expire after its lease', async () => {
    const ledger: SendLedger = new MemorySendLedger();
    expect(await ledger.claim('m-1', DELIVERY_AT)).toEqual({ status: 'claimed' });
    // The worker died between the claim and the send; 10 minutes later, long after a 2-minute lease:
    expect(await ledger.claim('m-1', DELIVERY_AT + 600_000)).toEqual({ status: 'claimed' });
  });

  it('with MemorySendLedger a lost claim response does not dead-letter the message: it is sent once', async () => {
    const faults = [{ method: 'ledger.claim', call: 1, phase: 'after' as const }];
    const world = await deliveryWorld(faults, false, () => new MemorySendLedger());
    // Five receives, one visibility timeout (3 minutes) apart, as the stack's delivery queue.
    for (let receive = 0; receive < 5; receive += 1) {
      world.clock.set(DELIVERY_AT + receive * 180_000);
      const outcome = await handleDelivery(confirmation, world.deliver).catch((error: unknown) => error);
      if (!(outcome instanceof Error)) break;
    }
    expect(world.channel.delivered.counts.get(confirmation.messageId)).toBe(1);
  });
});
