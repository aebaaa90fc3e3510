import { JourneyRegistry } from '../core/journey-runtime/registry.ts';
import { browseJourney } from './browse.ts';
import { cartJourney } from './cart.ts';
import { consentReceiptJourney } from './consent-receipt.ts';
import { consentReconfirmationJourney } from './consent-reconfirmation.ts';
import { customsJourney } from './customs.ts';
import { purchaseJourney } from './purchase.ts';
import { reEngagementJourney } from './re-engagement.ts';
import { replenishmentJourney } from './replenishment.ts';

export { policy } from './policy.ts';

/** Every journey definition, including older versions kept runnable until their instances drain. */
export const journeyDefinitions = [
  consentReceiptJourney,
  consentReconfirmationJourney,
  cartJourney,
  purchaseJourney,
  browseJourney,
  reEngagementJourney,
  customsJourney,
  replenishmentJourney,
];

export const registry = new JourneyRegistry(journeyDefinitions);
