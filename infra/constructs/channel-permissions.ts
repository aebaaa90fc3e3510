import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledge } from './nag.ts';

const SMS_TYPES = ['phone-number', 'pool', 'sender-id'];

export interface ChannelSettings {
  readonly senderEmail?: string;
  readonly sesConfigurationSet?: string;
  readonly smsOriginationIdentity?: string;
  readonly webhookSecretParameterName?: string;
  readonly solapiSecretParameterName?: string;
}

/**
 * Grants the delivery function what each configured channel needs, as narrowly as the services allow. SES and SMS
 * have no CDK grant methods, so the statements are written here; an unconfigured channel gets nothing.
 */
export function grantChannels(fn: lambda.Function, settings: ChannelSettings): void {
  const stack = Stack.of(fn);
  const arn = (service: string, resource: string, resourceName: string) =>
    stack.formatArn({ service, resource, resourceName });

  if (settings.senderEmail) {
    const domain = settings.senderEmail.split('@')[1];
    const identities = [settings.senderEmail, ...(domain ? [domain] : [])];
    const configurationSets = settings.sesConfigurationSet ? [settings.sesConfigurationSet] : [];
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['ses:SendEmail'],
      resourceArns: [
        ...identities.map((identity) => arn('ses', 'identity', identity)),
        ...configurationSets.map((name) => arn('ses', 'configuration-set', name)),
      ],
    });
  }

  if (settings.smsOriginationIdentity) {
    const identity = settings.smsOriginationIdentity;
    const resourceArns = identity.startsWith('arn:')
      ? [identity]
      : SMS_TYPES.map((type) => arn('sms-voice', type, '*'));
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['sms-voice:SendTextMessage'], resourceArns });
    if (!identity.startsWith('arn:')) {
      acknowledge(
        fn,
        'smsOriginationIdentity is a bare ID, not an ARN: which phone number, pool or sender ID it names is unknown ' +
          'at synth time. Pass an ARN to scope SMS sending to that one identity.',
        ...SMS_TYPES.map(
          (type) =>
            `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:${type}/*]`,
        ),
      );
    }
  }

  for (const parameter of [settings.webhookSecretParameterName, settings.solapiSecretParameterName]) {
    if (!parameter) continue;
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['ssm:GetParameter'],
      resourceArns: [arn('ssm', 'parameter', parameter.replace(/^\//, ''))],
    });
  }
}
