import { parseArgs } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ContactKeysAlreadyInitialisedError, initContactKeys } from './keys/init-contact-keys.ts';

const USAGE = `npm run keys:init -- --secret <name or ARN> --parameter <name> [--region <region>]
Generates the contact key pair of a deployed stage, once (decision 0006). The stack resources:
  --secret     EncryptionContactKeyPair (the ContactKeyPairSecret)   --parameter  EncryptionContactPublicKey`;

const { values } = parseArgs({
  options: {
    secret: { type: 'string' },
    parameter: { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.secret || !values.parameter) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const config = values.region ? { region: values.region } : {};
try {
  const { publicKey } = await initContactKeys(
    { secrets: new SecretsManagerClient(config), ssm: new SSMClient(config) },
    { secretId: values.secret, parameterName: values.parameter },
  );
  console.log(`Contact key pair stored in ${values.secret}; public key in ${values.parameter}:\n${publicKey}`);
} catch (error) {
  if (error instanceof ContactKeysAlreadyInitialisedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
