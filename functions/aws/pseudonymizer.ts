import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { functionEnvironment } from '../environment.ts';

/** The HMAC key is a Secrets Manager secret encrypted with the storage key; fetched once and cached. */
export function pseudonymizer(): HmacPseudonymizer {
  const { pseudonymKeyParameter } = functionEnvironment(['pseudonymKeyParameter']);
  return new HmacPseudonymizer(async () => {
    const secret = await getSecret(pseudonymKeyParameter, { maxAge: 3600 });
    if (typeof secret !== 'string') throw new Error(`Secret ${pseudonymKeyParameter} is not a string`);
    return secret;
  });
}
