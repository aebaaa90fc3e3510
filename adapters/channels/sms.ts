import { type PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ChannelSendError } from '../../core/errors.ts';
import type { ChannelSender, RenderedMessage } from '../../core/ports/messaging.ts';
import { translateAwsSendError } from './provider-errors.ts';

export interface SmsSenderOptions {
  client: PinpointSMSVoiceV2Client;
  /** Phone number, sender id, pool id or their ARN to send from. */
  originationIdentity: string;
  /** Configuration set with the event destinations for delivery receipts. */
  configurationSet?: string;
}

/**
 * SMS through AWS End User Messaging SMS (`SendTextMessage`). The message type follows the category: carriers and
 * country rules treat TRANSACTIONAL and PROMOTIONAL traffic differently (routes, registration, sending windows).
 *
 * Idempotency: `SendTextMessage` has no client token, so the service cannot deduplicate a retry. The messageId rides
 * in `Context` (returned in delivery events, for reconciliation), and the `deliver` function wraps each send in the
 * Powertools idempotency layer keyed by messageId, which keeps a retried SQS message from sending twice.
 */
export class SmsSender implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly #options: SmsSenderOptions;

  constructor(options: SmsSenderOptions) {
    this.#options = options;
  }

  async send(message: RenderedMessage, address: string): Promise<{ providerMessageId: string }> {
    if (message.channel !== 'sms') {
      throw new ChannelSendError({
        channel: 'sms',
        messageId: message.messageId,
        transient: false,
        reason: `got a ${message.channel} message`,
      });
    }
    const { client, originationIdentity, configurationSet } = this.#options;
    const command = new SendTextMessageCommand({
      DestinationPhoneNumber: address,
      OriginationIdentity: originationIdentity,
      MessageBody: message.body,
      MessageType: message.category === 'promotional' ? 'PROMOTIONAL' : 'TRANSACTIONAL',
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      Context: { messageId: message.messageId, category: message.category, template: message.template },
    });
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await client.send(command));
    } catch (error) {
      translateAwsSendError('sms', message.messageId, error);
    }
    if (!messageId)
      throw new ChannelSendError({
        channel: 'sms',
        messageId: message.messageId,
        transient: false,
        reason: 'the service returned no MessageId',
      });
    return { providerMessageId: messageId };
  }
}
