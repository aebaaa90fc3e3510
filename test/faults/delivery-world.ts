import { newCustomer } from '../../core/customer/state.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { SendLedger } from '../../core/ports/send-ledger.ts';
import { toMs } from '../../core/time.ts';
import type { FaultSpec } from './fault-injector.ts';
import { SimWorld } from './sim-world.ts';

export const DELIVERY_AT = toMs('2026-11-23T10:00:00.000Z');
const pseudonym = 'a'.repeat(64);

/** An order confirmation (transactional: no consent needed) for a stored customer with an e-mail address. */
export const confirmation: DeliveryRequest = {
  messageId: `purchase:${pseudonym.slice(0, 16)}.1.k0:orderConfirmation:1`,
  pseudonym,
  journeyId: 'purchase',
  version: 1,
  entry: 1,
  message: 'orderConfirmation',
  template: 'order-confirmation',
  channel: 'email',
  category: 'transactional',
  variables: { orderId: 'o-1' },
  decidedAt: '2026-11-23T10:00:00.000Z',
};

/** A world holding the customer of `confirmation`, with `faults` planned and the given kind of provider. */
export async function deliveryWorld(
  faults: FaultSpec[],
  idempotentProvider: boolean,
  ledger?: () => SendLedger,
): Promise<SimWorld> {
  const world = new SimWorld({ faults, idempotentProvider, ...(ledger ? { ledger } : {}) });
  const contact = await world.vault.seal(pseudonym, { email: 'ana@example.test', firstName: 'Ana' });
  await world.table.save({ ...newCustomer(pseudonym), contact, has: { email: true } }, 0);
  world.clock.set(DELIVERY_AT);
  return world;
}

/** How often `message.sent` was published for the confirmation. */
export const sentAnnouncements = (world: SimWorld) =>
  [...world.bus.published.counts.keys()].filter((key) => key.startsWith('message.sent ')).length;
