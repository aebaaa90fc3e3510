import { channelsOf, maskCustomsHold, type ProtectedEvent } from '../events/protected.ts';
import type { CustomerEvent } from '../events/schemas.ts';
import type { ContactVault, Pseudonymizer } from '../ports/crypto.ts';

export interface EdgePorts {
  pseudonymizer: Pseudonymizer;
  vault: ContactVault;
}

/**
 * The edge step after validation: the customer id becomes a pseudonym, the contact an envelope-encrypted blob and a
 * customs declaration's PCCC its masked form, so nothing past this point holds plaintext identifiers.
 */
export async function protectEvent(
  event: CustomerEvent,
  ports: EdgePorts,
): Promise<{ pseudonym: string; event: ProtectedEvent }> {
  const pseudonym = await ports.pseudonymizer.pseudonymOf(event.customerId);
  if (event.type === 'customer.profile_updated') {
    const { customerId: _customerId, contact, ...rest } = event;
    if (!contact) return { pseudonym, event: rest };
    const blob = await ports.vault.seal(pseudonym, contact);
    return { pseudonym, event: { ...rest, contact: { blob, has: channelsOf(contact) } } };
  }
  if (event.type === 'shipment.customs_hold') return { pseudonym, event: maskCustomsHold(event) };
  const { customerId: _customerId, ...rest } = event;
  return { pseudonym, event: rest as ProtectedEvent };
}
