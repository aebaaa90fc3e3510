import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LoggerAccessAudit } from '../../adapters/crypto/access-audit.ts';
import { ShreddingVault } from '../../adapters/crypto/contact-vault.ts';
import { rsaKeyWrapper } from '../../adapters/crypto/key-wrapping.ts';
import { DynamoKeyStore } from '../../adapters/dynamodb/customer-key-table.ts';
import { CONTACT_KEYS_NOT_INITIALISED, type ContactKeyPair } from '../../core/contracts/contact-keys.ts';
import { functionEnvironment } from '../environment.ts';
import type { Powertools } from './powertools.ts';

/** The contact key pair is not set up yet: the operator has not run `npm run keys:init` after the first deploy. */
export class ContactKeysNotInitialisedError extends Error {
  override name = 'ContactKeysNotInitialisedError';
}

/** The key pair's public half (SSM parameter) or both halves (Secrets Manager secret), read once per cold start. */
async function contactKeys(mode: 'seal' | 'open'): Promise<{ publicKey: string; privateKey?: string }> {
  if (mode === 'seal') {
    const { contactPublicKeyParameter } = functionEnvironment(['contactPublicKeyParameter']);
    const publicKey = await getParameter(contactPublicKeyParameter, { maxAge: 3600 });
    if (!publicKey || publicKey === CONTACT_KEYS_NOT_INITIALISED) {
      throw new ContactKeysNotInitialisedError(`${contactPublicKeyParameter} holds no key: run npm run keys:init`);
    }
    return { publicKey };
  }
  const { contactKeyPairSecret } = functionEnvironment(['contactKeyPairSecret']);
  const secret = await getSecret(contactKeyPairSecret, { maxAge: 3600, transform: 'json' });
  const pair = secret as Partial<ContactKeyPair> | undefined;
  if (!pair?.publicKey || !pair.privateKey) {
    throw new ContactKeysNotInitialisedError(`${contactKeyPairSecret} holds no key pair: run npm run keys:init`);
  }
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}

/**
 * Contact vault with a data key per customer (crypto-shredding, decision 0006), wrapped with the contact key pair:
 * ingest seals with the public key only, deliver and privacy open with the private key. Every decrypt is logged as
 * an audit line. No KMS call per contact.
 */
export async function contactVault(
  tools: Powertools,
  dynamodb: DynamoDBClient,
  mode: 'seal' | 'open',
): Promise<ShreddingVault> {
  const { customerKeysTableName } = functionEnvironment(['customerKeysTableName']);
  const audit = new LoggerAccessAudit((message, fields) => tools.logger.info(message, fields));
  return new ShreddingVault({
    wrapper: rsaKeyWrapper(await contactKeys(mode)),
    keys: new DynamoKeyStore({ client: dynamodb, tableName: customerKeysTableName }),
    audit,
    now: () => Date.now(),
  });
}
