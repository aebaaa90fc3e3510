import type { UnsubscribeChannel, UnsubscribeClaims, UnsubscribePurpose } from '../content/unsubscribe-token.ts';

/** Why a token was not accepted: not a token, a key the endpoint does not hold, altered or forged, or expired. */
export type UnsubscribeRejection = 'malformed' | 'unknown_key' | 'tampered' | 'expired';

export type UnsubscribeVerification =
  | ({ status: 'valid'; pseudonym: string } & UnsubscribeClaims)
  | { status: 'rejected'; reason: UnsubscribeRejection };

/** What a one-click unsubscribe link opts the customer out of. */
export interface UnsubscribeScope {
  channel: UnsubscribeChannel;
  purpose: UnsubscribePurpose;
}

/** Checks one-click unsubscribe tokens (the unsubscribe endpoint); `now` in epoch milliseconds. */
export interface UnsubscribeTokenVerifier {
  verify(token: string, now: number): UnsubscribeVerification;
}

/**
 * Issues one-click unsubscribe links (delivery): an HTTPS URL whose token names nobody in clear and expires. The
 * locale only chooses the language of the page the link opens.
 */
export interface UnsubscribeLinks {
  linkFor(pseudonym: string, scope: UnsubscribeScope, options: { now: number; locale?: string }): string;
}
