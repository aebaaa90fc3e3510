import type { CustomerEventOf, DetailType } from './schemas.ts';

/** An inbound event as journeys see it: no customer id, no contact data. */
export type JourneyEventOf<T extends DetailType> = T extends DetailType
  ? Omit<CustomerEventOf<T>, 'customerId' | 'contact'>
  : never;

/** A customs hold as journeys see it: the PCCC on the declaration only masked (`P********123`), if it had one. */
export type CustomsHoldEvent = JourneyEventOf<'shipment.customs_hold'> & { maskedPccc?: string };

/** Raised by the engine when a customer has shown no activity for a journey's `inactivityAfter`. */
export interface CustomerInactiveEvent {
  type: 'customer.inactive';
  lastActivityAt: string;
  daysInactive: number;
}

/** Sent to the customer's other running journeys when a journey is entered. */
export interface JourneyEnteredEvent {
  type: 'journey.entered';
  journeyId: string;
}

/**
 * Raised by the engine (and announced on the bus) when a promotional message is held back because the customer's
 * marketing consent on a channel is older than their country allows (KR: two years); once per grant.
 */
export interface ConsentReconfirmationDueEvent {
  type: 'consent.reconfirmation_due';
  channel: string;
  purpose: 'marketing';
  /** When the consent now due for reconfirmation was given. */
  grantedAt: string;
}
