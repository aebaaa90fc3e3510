import { JourneyRegistry } from '../core/journey-runtime/registry.ts';
import { browseJourney } from './browse.ts';
import { cartJourney } from './cart.ts';
import { cartJourneyV2 } from './cart-v2.ts';
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

/**
 * Candidate versions, never entered live: an operator runs one as a shadow next to the live version
 * (`npm run journeys -- shadow cart@2`: it decides, records outcome `shadow` and sends nothing), and
 * `npm run replay -- --compare cart@1,cart@2` replays the same events through each.
 */
export const candidateDefinitions = [cartJourneyV2];

export const registry = new JourneyRegistry(journeyDefinitions, [], candidateDefinitions);
