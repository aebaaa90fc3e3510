import type { CustomerEventOf } from '../events/schemas.ts';
import { CHANNELS } from '../events/schemas.ts';
import { toIso, toMs } from '../time.ts';
import type { Round } from './round.ts';

export type ConsentChange = Omit<CustomerEventOf<'consent.changed'>, 'customerId'>;

/**
 * Records a consent change: the consent proof is appended whatever its age; the current consent changes only when
 * the event is newer than what is stored (events may arrive out of order). `all` applies to every channel.
 */
export function applyConsentChange(round: Round, event: ConsentChange): void {
  const channels = event.channel === 'all' ? CHANNELS : [event.channel];
  const at = toIso(toMs(event.occurredAt));
  for (const channel of channels) {
    const key = `${channel}:${event.purpose}` as const;
    const current = round.draft.consent[key];
    if (!current || toMs(current.at) <= toMs(at)) {
      round.draft.consent[key] = {
        granted: event.granted,
        at,
        source: event.source,
        wordingVersion: event.wordingVersion,
      };
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
