import { ChannelSendError } from '../../core/errors.ts';
import type { ChannelSender, RenderedMessage } from '../../core/ports/messaging.ts';
import { koreanPhoneNumber } from './solapi.ts';

/**
 * One `sms` channel over two senders: Korean numbers (`+82…`, `010…`) through `korea` (SOLAPI: SMS/LMS by EUC-KR
 * length, registered sender number), every other number through `others` (End User Messaging SMS). Without
 * `others`, a non-Korean number is refused for good, so the message falls back to its next channel.
 */
export class SmsByCountrySender implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly #korea: ChannelSender;
  readonly #others: ChannelSender | undefined;

  constructor(senders: { korea: ChannelSender; others?: ChannelSender }) {
    this.#korea = senders.korea;
    this.#others = senders.others;
  }

  async send(message: RenderedMessage, address: string): ReturnType<ChannelSender['send']> {
    if (koreanPhoneNumber(address)) return this.#korea.send(message, address);
    if (this.#others) return this.#others.send(message, address);
    throw new ChannelSendError({
      channel: 'sms',
      messageId: message.messageId,
      transient: false,
      reason: 'no SMS sender is configured for numbers outside Korea',
    });
  }
}
