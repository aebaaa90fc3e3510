import { type MessageHeader, type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { listUnsubscribeHeaders } from '../../core/content/unsubscribe-token.ts';
import { ChannelSendError } from '../../core/errors.ts';
import type { ChannelSender, RenderedMessage } from '../../core/ports/messaging.ts';
import { translateAwsSendError } from './provider-errors.ts';

export interface SesEmailSenderOptions {
  client: SESv2Client;
  /** Verified sender, e.g. `Example Shop <shop@example.com>`. */
  from: string;
  /** SES configuration set (event destinations for bounces, complaints, opens). */
  configurationSet?: string;
}

/** SES message tag names and values allow only ASCII letters, digits, `_` and `-` (at most 256 characters). */
export function sesTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
}

/**
 * Email through SES v2 `SendEmail`.
 *
 * Idempotency: `SendEmail` takes no idempotency token, so SES cannot deduplicate a retry. The messageId travels as the
 * `messageId` tag (in SES events, for reconciliation), and the `deliver` function wraps each send in the Powertools
 * idempotency layer keyed by messageId: a redelivered SQS message whose send completed returns the stored result
 * instead of calling SES again. The one window left is a crash after SES accepted the mail and before the idempotency
 * record completed; the record stays in progress until it expires, and only then can the message be sent again.
 */
export class SesEmailSender implements ChannelSender {
  readonly channel = 'email' as const;
  readonly #options: SesEmailSenderOptions;

  constructor(options: SesEmailSenderOptions) {
    this.#options = options;
  }

  async send(message: RenderedMessage, address: string): Promise<{ providerMessageId: string }> {
    if (message.channel !== 'email') {
      throw new ChannelSendError({
        channel: 'email',
        messageId: message.messageId,
        transient: false,
        reason: `got a ${message.channel} message`,
      });
    }
    if (!message.subject)
      throw new ChannelSendError({
        channel: 'email',
        messageId: message.messageId,
        transient: false,
        reason: 'the email has no subject',
      });
    const { client, from, configurationSet } = this.#options;
    const headers = this.#headers(message);
    const command = new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [address] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: message.body, Charset: 'UTF-8' } },
          ...(headers.length > 0 ? { Headers: headers } : {}),
        },
      },
      EmailTags: [
        { Name: 'messageId', Value: sesTagValue(message.messageId) },
        { Name: 'category', Value: message.category },
        { Name: 'template', Value: sesTagValue(message.template) },
      ],
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
    });
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await client.send(command));
    } catch (error) {
      translateAwsSendError('email', message.messageId, error);
    }
    if (!messageId)
      throw new ChannelSendError({
        channel: 'email',
        messageId: message.messageId,
        transient: false,
        reason: 'SES returned no MessageId',
      });
    return { providerMessageId: messageId };
  }

  /** RFC 8058 one-click headers for a message that carries an unsubscribe link (promotional mail). */
  #headers(message: RenderedMessage): MessageHeader[] {
    if (!message.unsubscribeUrl) return [];
    let headers: ReturnType<typeof listUnsubscribeHeaders>;
    try {
      headers = listUnsubscribeHeaders(message.unsubscribeUrl);
    } catch (error) {
      throw new ChannelSendError({
        channel: 'email',
        messageId: message.messageId,
        transient: false,
        reason: `the unsubscribe link is not an https URL (RFC 8058): ${(error as Error).message}`,
      });
    }
    return Object.entries(headers).map(([Name, Value]) => ({ Name, Value }));
  }
}
