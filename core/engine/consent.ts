import type { CustomerEventOf } from '../events/schemas.ts';
import { CHANNELS } from '../events/schemas.ts';
import { canonicalIso, toMs } from '../time.ts';
import type { Round } from './round.ts';

export type ConsentChange = Omit<CustomerEventOf<'consent.changed'>, 'customerId'>;

/**
 * Records a consent change (decision 0005). The consent proof is appended whatever its age. A withdrawal always
 * takes effect when it is received, whatever its date; a grant takes effect only if it occurred after the consent
 * state it would replace (a grant arriving late does not undo a withdrawal). `all` applies to every channel.
 */
export function applyConsentChange(round: Round, event: ConsentChange): void {
  const channels = event.channel === 'all' ? CHANNELS : [event.channel];
  const at = canonicalIso(event.occurredAt);
  for (const channel of channels) {
    const key = `${channel}:${event.purpose}` as const;
    const current = round.draft.consent[key];
    const takesEffect = !event.granted || !current || toMs(current.at) < toMs(at);
    if (takesEffect) {
      round.setConsent(key, {
        granted: event.granted,
        at: current && current.at > at ? current.at : at,
        source: event.source,
        wordingVersion: event.wordingVersion,
      });
    }
    round.push({
      kind: 'consent-proof',
      proof: {
        pseudonym: round.draft.pseudonym,
        at,
        channel,
        purpose: event.purpose,
        granted: event.granted,
        source: event.source,
        wordingVersion: event.wordingVersion,
        eventId: event.eventId,
      },
    });
  }
}
