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

export const registry = new JourneyRegistry(journeyDefinitions);

/**
 * Candidate versions, registered for comparison only (`npm run replay -- --compare cart@1,cart@2` replays the same
 * events through each): never in `registry`, so they enter, decide and send nothing live.
 */
export const candidateDefinitions = [cartJourneyV2];
