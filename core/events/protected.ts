import { maskPccc } from '../content/masking.ts';
import type { Channel, Contact, CustomerEvent, CustomerEventOf } from './schemas.ts';

/** The contact as stored: one envelope-encrypted blob and which channels have an address. */
export interface SealedContact {
  blob: string;
  has: Partial<Record<Channel, boolean>>;
}

/** A customs hold after the edge: the declared PCCC only in its masked form (`P********123`, DESIGN.md §5). */
export type ProtectedCustomsHold = Omit<CustomerEventOf<'shipment.customs_hold'>, 'customerId' | 'contact'> & {
  maskedPccc?: string;
};

/** An inbound event after the edge: pseudonym instead of customer id, contact sealed (or, for a PCCC, masked). */
export type ProtectedEvent = CustomerEvent extends infer E
  ? E extends { type: 'customer.profile_updated' }
    ? Omit<E, 'customerId' | 'contact'> & { contact?: SealedContact }
    : E extends { type: 'shipment.customs_hold' }
      ? ProtectedCustomsHold
      : E extends CustomerEvent
        ? Omit<E, 'customerId'>
        : never
  : never;

/**
 * A customs hold without its customer id and with the PCCC masked: the whole PCCC goes no further than the edge, so
 * no state, record, queue message or log can hold it.
 */
export function maskCustomsHold(event: CustomerEventOf<'shipment.customs_hold'>): ProtectedCustomsHold {
  const { customerId: _customerId, contact, ...rest } = event;
  return contact?.pccc ? { ...rest, maskedPccc: maskPccc(contact.pccc) } : rest;
}

/** Which channels a contact can be reached on; PCCC and first name are not channels. */
export function channelsOf(contact: Contact): Partial<Record<Channel, boolean>> {
  const has: Partial<Record<Channel, boolean>> = {};
  if (contact.email) has.email = true;
  if (contact.phone) has.sms = true;
  if (contact.kakaoId) has.kakao = true;
  if (contact.pushToken) has.push = true;
  return has;
}
