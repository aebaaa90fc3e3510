import { generateKeyPairSync } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { ContactKeyPair } from '../../core/contracts/contact-keys.ts';

/** The key pair already exists: replacing it would make every sealed contact unreadable. */
export class ContactKeysAlreadyInitialisedError extends Error {
  override name = 'ContactKeysAlreadyInitialisedError';
}

function holdsKeyPair(secret: string | undefined): boolean {
  try {
    const pair = JSON.parse(secret ?? '') as Partial<ContactKeyPair>;
    return Boolean(pair.privateKey && pair.publicKey);
  } catch {
    return false;
  }
}

/**
 * Generates the contact key pair (RSA-3072) of a deployed stage once: both halves into the Secrets Manager secret
 * (encrypted with the data key), the public half into the SSM parameter ingest reads (decision 0006).
 */
export async function initContactKeys(
  clients: { secrets: SecretsManagerClient; ssm: SSMClient },
  target: { secretId: string; parameterName: string },
): Promise<{ publicKey: string }> {
  const current = await clients.secrets.send(new GetSecretValueCommand({ SecretId: target.secretId }));
  if (holdsKeyPair(current.SecretString)) {
    throw new ContactKeysAlreadyInitialisedError(
      `${target.secretId} already holds the contact key pair; replacing it would make every sealed contact unreadable`,
    );
  }
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 3072,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const pair: ContactKeyPair = { publicKey, privateKey };
  await clients.secrets.send(
    new PutSecretValueCommand({ SecretId: target.secretId, SecretString: JSON.stringify(pair) }),
  );
  await clients.ssm.send(
    new PutParameterCommand({ Name: target.parameterName, Value: publicKey, Type: 'String', Overwrite: true }),
  );
  return { publicKey };
}
