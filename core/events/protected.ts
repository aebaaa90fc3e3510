import type { Channel, Contact, CustomerEvent } from './schemas.ts';

/** The contact as stored: one envelope-encrypted blob and which channels have an address. */
export interface SealedContact {
  blob: string;
  has: Partial<Record<Channel, boolean>>;
}

/** An inbound event after the edge: pseudonym instead of customer id, contact sealed. */
export type ProtectedEvent = CustomerEvent extends infer E
  ? E extends { type: 'customer.profile_updated' }
    ? Omit<E, 'customerId' | 'contact'> & { contact?: SealedContact }
    : E extends CustomerEvent
      ? Omit<E, 'customerId'>
      : never
  : never;

/** Which channels a contact can be reached on; PCCC and first name are not channels. */
export function channelsOf(contact: Contact): Partial<Record<Channel, boolean>> {
  const has: Partial<Record<Channel, boolean>> = {};
  if (contact.email) has.email = true;
  if (contact.phone) has.sms = true;
  if (contact.kakaoId) has.kakao = true;
  if (contact.pushToken) has.push = true;
  return has;
}
