import { randomBytes } from 'node:crypto';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { HarnessClients } from './aws-clients.ts';
import type { LambdaFunctionSpec } from './lambda-functions.ts';

export interface OperatorSetup {
  senderEmail?: string;
  webhookSecretParameter?: string;
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
