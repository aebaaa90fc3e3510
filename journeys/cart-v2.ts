import { defineJourney } from '../core/journey-runtime/definition.ts';
import { minutes } from '../core/time.ts';
import { cartJourney } from './cart.ts';

/**
 * Candidate version 2 of cart abandonment: the first reminder after 30 min instead of 1 h, everything else as in
 * version 1 (the last chance still follows 23 h after the reminder). A candidate, never entered live: it runs as a
 * shadow beside version 1 (`npm run journeys -- shadow cart@2`) or in a comparison replay
 * (`npm run replay -- --compare cart@1,cart@2`); switching it live means adding it to `journeyDefinitions`, where new
 * entries take the highest version.
 */
export const cartJourneyV2 = defineJourney({
  ...cartJourney,
  version: 2,
  goal: 'Recover abandoned carts with a reminder after 30 min and a last chance (A/B: coupon or not) 23 h later.',
  machine: cartJourney.machine.provide({ delays: { reminderGap: minutes(30) } }),
});
