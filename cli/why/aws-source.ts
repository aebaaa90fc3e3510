import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { AwsSourceError } from '../cli-errors.ts';
import type { CustomerRecordsReader, CustomerRecordsSource } from './load.ts';

export interface AwsSourceOptions {
  /** The journey table (stack output `TableName`). */
  table: string;
  region?: string;
  /** Name or ARN of the Secrets Manager secret holding the pseudonym HMAC key. */
  pseudonymSecret?: string;
}

const describe = (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`;

async function readSecret(client: SecretsManagerClient, secretId: string): Promise<string | Uint8Array> {
  try {
    const secret = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = secret.SecretString ?? secret.SecretBinary;
    if (!value) throw new Error('the secret has no value');
    return value;
  } catch (error) {
    throw new AwsSourceError(`could not read the pseudonym key secret "${secretId}": ${describe(error)}`, {
      cause: error,
    });
  }
}

/** Wraps every read so a missing table, a denied action or missing credentials read as one sentence. */
function guarded(reader: CustomerRecordsReader, where: string): CustomerRecordsReader {
  const guard =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await read(...args);
      } catch (error) {
        throw new AwsSourceError(`could not read ${where}: ${describe(error)}`, { cause: error });
      }
    };
  return {
    load: guard((pseudonym: string) => reader.load(pseudonym)),
    decisions: guard((pseudonym: string, since?: string) => reader.decisions(pseudonym, since)),
    consentHistory: guard((pseudonym: string) => reader.consentHistory(pseudonym)),
  };
}

/**
 * A deployed stage: the table through the real DynamoDB client (read-only: Query), the pseudonym key from Secrets
 * Manager. Needs `dynamodb:Query` on the table, `secretsmanager:GetSecretValue` on the secret and `kms:Decrypt` on
 * the storage key that encrypts both.
 */
export function openAwsSource(options: AwsSourceOptions): CustomerRecordsSource {
  const region = options.region ? { region: options.region } : {};
  const dynamodb = new DynamoDBClient(region);
  const secrets = new SecretsManagerClient(region);
  const secretId = options.pseudonymSecret;
  const pseudonymizer = new HmacPseudonymizer(async () => {
    if (!secretId) throw new AwsSourceError('--pseudonym-secret is needed to turn a customerId into a pseudonym');
    return readSecret(secrets, secretId);
  });
  const where = `table ${options.table}${options.region ? ` in ${options.region}` : ''}`;
  return {
    description: `DynamoDB ${where}`,
    pseudonymOf: (customerId) => pseudonymizer.pseudonymOf(customerId),
    reader: guarded(new DynamoCustomerTable({ client: dynamodb, tableName: options.table }), where),
    close: async () => {
      dynamodb.destroy();
      secrets.destroy();
    },
  };
}
