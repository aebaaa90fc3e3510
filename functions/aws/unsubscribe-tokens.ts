import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { TokenUnsubscribeLinks } from '../../adapters/crypto/unsubscribe-links.ts';
import { UnsubscribeTokens } from '../../adapters/crypto/unsubscribe-tokens.ts';
import { functionEnvironment } from '../environment.ts';

/** The stage's unsubscribe token key, derived from its Secrets Manager secret (read by deliver and unsubscribe). */
export async function unsubscribeTokens(): Promise<UnsubscribeTokens> {
  const { unsubscribeSecret } = functionEnvironment(['unsubscribeSecret']);
  const secret = await getSecret(unsubscribeSecret, { maxAge: 3600 });
  if (typeof secret !== 'string') throw new Error(`Secret ${unsubscribeSecret} is not a string`);
  return UnsubscribeTokens.fromSecret(secret);
}

/** One-click links for promotional email when the stage has the unsubscribe endpoint; none otherwise. */
export async function unsubscribeLinks(): Promise<{ unsubscribeLinks?: TokenUnsubscribeLinks }> {
  const env = functionEnvironment([], ['unsubscribeUrl', 'unsubscribeSecret']);
  if (!env.unsubscribeUrl || !env.unsubscribeSecret) return {};
  return {
    unsubscribeLinks: new TokenUnsubscribeLinks({ tokens: await unsubscribeTokens(), baseUrl: env.unsubscribeUrl }),
  };
}
