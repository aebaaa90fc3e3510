import type { UnsubscribeLinks, UnsubscribeScope } from '../../core/ports/unsubscribe.ts';
import type { UnsubscribeTokens } from './unsubscribe-tokens.ts';

const DAY = 86_400_000;

export interface TokenUnsubscribeLinksOptions {
  tokens: UnsubscribeTokens;
  /** The unsubscribe endpoint: its function URL on AWS, `http://127.0.0.1:<port>/unsubscribe` locally. */
  baseUrl: string;
  /**
   * How long a link works (ms).
   * @default 90 days (CAN-SPAM asks for at least 30 days after the message is sent)
   */
  lifetime?: number;
}

/** Links to the unsubscribe endpoint: `<baseUrl>?t=<token>&l=<language>`, one fresh token per message. */
export class TokenUnsubscribeLinks implements UnsubscribeLinks {
  readonly #tokens: UnsubscribeTokens;
  readonly #baseUrl: URL;
  readonly #lifetime: number;

  constructor(options: TokenUnsubscribeLinksOptions) {
    this.#tokens = options.tokens;
    this.#baseUrl = new URL(options.baseUrl);
    this.#lifetime = options.lifetime ?? 90 * DAY;
  }

  linkFor(pseudonym: string, scope: UnsubscribeScope, options: { now: number; locale?: string }): string {
    const token = this.#tokens.issue(pseudonym, { ...scope, expiresAt: options.now + this.#lifetime });
    const url = new URL(this.#baseUrl);
    url.searchParams.set('t', token);
    const language = options.locale?.split('-')[0];
    if (language) url.searchParams.set('l', language);
    return url.href;
  }
}
