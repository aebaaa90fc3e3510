import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesEmailSender } from '../../adapters/channels/ses-email.ts';
import { SmsSender } from '../../adapters/channels/sms.ts';
import { WebhookSender } from '../../adapters/channels/webhook.ts';
import type { Channel } from '../../core/events/schemas.ts';
import type { ChannelSender } from '../../core/ports/messaging.ts';
import { functionEnvironment } from '../environment.ts';
import type { Powertools } from './powertools.ts';
import { traced } from './wiring.ts';

/** Sender name, contact, opt-out and postal address shown in promotional messages where the law requires them. */
export function advertisingSender() {
  const env = functionEnvironment([], ['senderName', 'senderContact', 'senderOptOut', 'senderPostalAddress']);
  return {
    name: env.senderName ?? 'Shop',
    contact: env.senderContact ?? '',
    optOut: env.senderOptOut ?? '',
    ...(env.senderPostalAddress ? { postalAddress: env.senderPostalAddress } : {}),
  };
}

/** Channels configured for this stage: SES email, SMS, and a signed webhook for kakao/push when set. */
export async function channelSenders(tools: Powertools): Promise<Partial<Record<Channel, ChannelSender>>> {
  const env = functionEnvironment(
    [],
    ['senderEmail', 'sesConfigurationSet', 'smsOriginationIdentity', 'webhookUrl', 'webhookSecretParameter'],
  );
  const channels: Partial<Record<Channel, ChannelSender>> = {};
  if (env.senderEmail) {
    channels.email = new SesEmailSender({
      client: traced(tools, new SESv2Client({})),
      from: env.senderEmail,
      ...(env.sesConfigurationSet ? { configurationSet: env.sesConfigurationSet } : {}),
    });
  }
  if (env.smsOriginationIdentity) {
    channels.sms = new SmsSender({
      client: traced(tools, new PinpointSMSVoiceV2Client({})),
      originationIdentity: env.smsOriginationIdentity,
    });
  }
  if (env.webhookUrl && env.webhookSecretParameter) {
    const secret = await getParameter(env.webhookSecretParameter, { decrypt: true, maxAge: 3600 });
    if (!secret) throw new Error(`SSM parameter ${env.webhookSecretParameter} is empty`);
    for (const channel of ['kakao', 'push'] as const) {
      channels[channel] = new WebhookSender({ channel, url: env.webhookUrl, secret });
    }
  }
  return channels;
}
