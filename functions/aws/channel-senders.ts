import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { KakaoSolapiSender } from '../../adapters/channels/kakao-solapi.ts';
import { SesEmailSender } from '../../adapters/channels/ses-email.ts';
import { SmsSender } from '../../adapters/channels/sms.ts';
import { SmsByCountrySender } from '../../adapters/channels/sms-by-country.ts';
import { SolapiSmsSender } from '../../adapters/channels/sms-solapi.ts';
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

async function secretParameter(name: string): Promise<string> {
  const secret = await getParameter(name, { decrypt: true, maxAge: 3600 });
  if (!secret) throw new Error(`SSM parameter ${name} is empty`);
  return secret;
}

/**
 * SOLAPI senders when configured: SMS/LMS for Korean numbers, and KakaoTalk (AlimTalk, Brand Message) with a pfId.
 */
async function solapiSenders(): Promise<{ sms?: ChannelSender; kakao?: ChannelSender }> {
  const env = functionEnvironment([], ['solapiApiKey', 'solapiSecretParameter', 'solapiSenderNumber', 'kakaoPfId']);
  if (!env.solapiApiKey || !env.solapiSecretParameter || !env.solapiSenderNumber) return {};
  const options = {
    apiKey: env.solapiApiKey,
    apiSecret: await secretParameter(env.solapiSecretParameter),
    from: env.solapiSenderNumber,
  };
  return {
    sms: new SolapiSmsSender(options),
    ...(env.kakaoPfId ? { kakao: new KakaoSolapiSender({ ...options, pfId: env.kakaoPfId }) } : {}),
  };
}

/**
 * Channels configured for this stage: SES email; SMS through End User Messaging and, for Korean numbers, SOLAPI;
 * kakao through SOLAPI when a KakaoTalk channel is configured, else the signed webhook (the generic bridge to any
 * other provider), which also carries push.
 */
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
  const solapi = await solapiSenders();
  const endUserMessaging = env.smsOriginationIdentity
    ? new SmsSender({
        client: traced(tools, new PinpointSMSVoiceV2Client({})),
        originationIdentity: env.smsOriginationIdentity,
      })
    : undefined;
  if (solapi.sms) {
    channels.sms = new SmsByCountrySender({
      korea: solapi.sms,
      ...(endUserMessaging ? { others: endUserMessaging } : {}),
    });
  } else if (endUserMessaging) {
    channels.sms = endUserMessaging;
  }
  if (env.webhookUrl && env.webhookSecretParameter) {
    const secret = await secretParameter(env.webhookSecretParameter);
    for (const channel of ['kakao', 'push'] as const) {
      channels[channel] = new WebhookSender({ channel, url: env.webhookUrl, secret });
    }
  }
  if (solapi.kakao) channels.kakao = solapi.kakao;
  return channels;
}
