import { describe, expect, it } from 'vitest';
import { MemoryJourneyBudget } from '../../../adapters/local/memory-journey-budget.ts';
import { MemorySendLedger } from '../../../adapters/local/memory-send-ledger.ts';
import { newCustomer } from '../../../core/customer/state.ts';
import { SendPacedError } from '../../../core/errors.ts';
import { defineJourney } from '../../../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../../../core/journey-runtime/registry.ts';
import type { DeliveryRequest } from '../../../core/messages/delivery.ts';
import { type DeliveryPorts, handleDelivery } from '../../../core/use-cases/handle-delivery.ts';
import { journeyRates } from '../../../core/use-cases/pace-delivery.ts';
import { policy } from '../../../journeys/index.ts';
import { promoJourney } from '../../support/test-journeys.ts';

const pseudonym = 'f'.repeat(64);
const START = Date.parse('2026-11-29T10:00:00.250Z');
const paced = defineJourney({ ...promoJourney({ id: 'paced', category: 'transactional' }), limits: { perSecond: 2 } });
const unpaced = promoJourney({ id: 'unpaced', category: 'transactional' });

const request = (journeyId: string, n: number): DeliveryRequest => ({
  messageId: `${journeyId}:i:offer:${n}`,
  pseudonym,
  journeyId,
  version: 1,
  entry: 1,
  message: 'offer',
  template: `${journeyId}-offer`,
  channel: 'email',
  category: 'transactional',
  variables: {},
  decidedAt: '2026-11-29T10:00:00.000Z',
});

/** Delivery with a virtual clock that the pacing wait moves forward; every send is recorded with its time. */
function delivery(maxWaits?: number) {
  const clock = { now: START };
  const sentAt: Array<[string, number]> = [];
  const customer = { ...newCustomer(pseudonym), v: 1, contact: 'sealed', has: { email: true } };
  const ports: DeliveryPorts = {
    store: { load: async () => customer, save: async (state) => state, clearOutbox: async () => true },
    decisionLog: {
      append: async () => {},
      conversions: async () => [],
      engagements: async () => [],
      decisions: async () => [],
      consentHistory: async () => [],
    },
    vault: { seal: async () => '', open: async () => ({ email: 'ana@example.com' }), shred: async () => 0 },
    renderer: { render: async (message) => ({ ...message, subject: 'Offer', body: 'Hello' }) },
    channels: {
      email: {
        channel: 'email',
        send: async (message) => {
          sentAt.push([message.messageId, clock.now]);
          return { providerMessageId: `p-${sentAt.length}` };
        },
      },
    },
    events: { publish: async () => {} },
    ledger: new MemorySendLedger(),
    clock: { now: () => clock.now },
    policy,
    sender: { name: 'Shop', contact: 'help@shop.example', optOut: '080-000-0000' },
    telemetry: { info: () => {}, warn: () => {}, error: () => {}, count: () => {} },
    pacing: {
      pacer: new MemoryJourneyBudget(),
      rateOf: journeyRates(new JourneyRegistry([paced, unpaced])),
      wait: async (ms) => {
        clock.now += ms;
      },
      ...(maxWaits === undefined ? {} : { maxWaits }),
    },
  };
  return { ports, sentAt };
}

describe("delivery paced to a journey's sends per second", () => {
  it('sends two messages in a second and holds the next ones for the following seconds', async () => {
    const { ports, sentAt } = delivery();
    for (let n = 0; n < 5; n += 1) await handleDelivery(request('paced', n), ports);
    const second = (at: number) => Math.floor(at / 1000) - Math.floor(START / 1000);
    expect(sentAt.map(([, at]) => second(at))).toEqual([0, 0, 1, 1, 2]);
  });

  it('never holds a journey that declares no rate', async () => {
    const { ports, sentAt } = delivery();
    for (let n = 0; n < 5; n += 1) await handleDelivery(request('unpaced', n), ports);
    expect(new Set(sentAt.map(([, at]) => at))).toEqual(new Set([START]));
  });

  it('gives the message back to its queue, unsent and claimable, when no slot comes within its waits', async () => {
    const { ports, sentAt } = delivery(0);
    await handleDelivery(request('paced', 0), ports);
    await handleDelivery(request('paced', 1), ports);
    await expect(handleDelivery(request('paced', 2), ports)).rejects.toThrow(SendPacedError);
    expect(sentAt).toHaveLength(2);
    expect(await ports.ledger.claim(request('paced', 2).messageId, START)).toEqual({ status: 'claimed' });
  });
});
