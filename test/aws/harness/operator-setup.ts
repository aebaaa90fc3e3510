import { randomBytes } from 'node:crypto';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { initContactKeys } from '../../../cli/keys/init-contact-keys.ts';
import type { HarnessClients } from './aws-clients.ts';
import type { LambdaFunctionSpec } from './lambda-functions.ts';

export interface OperatorSetup {
  senderEmail?: string;
  webhookSecretParameter?: string;
  contactKeyPairSecret?: string;
}

/**
 * What docs/operations.md asks an operator to do beside `cdk deploy` ("Configure senders and channels"), driven by
 * the deliver function's variables in the template: verify the SES sender identity of SENDER_EMAIL and store the
 * webhook signing secret named by WEBHOOK_SECRET_PARAMETER as an SSM SecureString (AWS managed key).
 */
export async function configureSenders(clients: HarnessClients, deliver: LambdaFunctionSpec): Promise<OperatorSetup> {
  const setup: OperatorSetup = {};
  const senderEmail = deliver.environment.SENDER_EMAIL;
  if (senderEmail) {
    await clients.ses.send(new CreateEmailIdentityCommand({ EmailIdentity: senderEmail }));
    setup.senderEmail = senderEmail;
  }
  const parameter = deliver.environment.WEBHOOK_SECRET_PARAMETER;
  if (parameter) {
    await clients.ssm.send(
      new PutParameterCommand({ Name: parameter, Type: 'SecureString', Value: randomBytes(32).toString('hex') }),
    );
    setup.webhookSecretParameter = parameter;
  }
  return setup;
}

/**
 * Everything docs/operations.md asks an operator to do after `cdk deploy`: `npm run keys:init` (the contact key pair,
 * decision 0006, with the names the template gives ingest and deliver), then the senders.
 */
export async function operatorSetup(
  clients: HarnessClients,
  functions: readonly LambdaFunctionSpec[],
): Promise<OperatorSetup> {
  const named = (name: string) => functions.find((spec) => spec.name === name);
  const deliver = named('deliver');
  const secretId = deliver?.environment.CONTACT_KEY_PAIR_SECRET;
  const parameterName = named('ingest')?.environment.CONTACT_PUBLIC_KEY_PARAMETER;
  if (!deliver || !secretId || !parameterName) throw new Error('The template has no contact key pair to initialise');
  await initContactKeys({ secrets: clients.secrets, ssm: clients.ssm }, { secretId, parameterName });
  return { ...(await configureSenders(clients, deliver)), contactKeyPairSecret: secretId };
}
