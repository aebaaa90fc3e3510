import { type AdvertisingSender, applyAdvertisingRules } from '../../core/content/advertising.ts';
import type { PolicyConfig } from '../../core/policy/config.ts';
import type { RenderedMessage } from '../../core/ports/messaging.ts';

/** The policy layer's last word on content: the advertising label, sender and opt-out where the country requires. */
export function finishContent(policy: PolicyConfig, sender: AdvertisingSender) {
  return (rendered: RenderedMessage, recipient: { country?: string }): RenderedMessage =>
    applyAdvertisingRules(
      rendered,
      recipient,
      recipient.country ? policy.countryRules[recipient.country] : undefined,
      sender,
    );
}
