import { planTextMessage } from '../../core/content/sms-length.ts';
import { ChannelSendError } from '../../core/errors.ts';
import type { ChannelSender, RenderedMessage } from '../../core/ports/messaging.ts';
import { koreanPhoneNumber, koreanSenderNumber, SolapiClient, type SolapiOptions } from './solapi.ts';

export interface SolapiSmsSenderOptions extends SolapiOptions {
  /** Registered sender number (발신번호); SOLAPI sends only from numbers registered to the account. */
  from: string;
}

/**
 * SMS/LMS to Korean numbers through SOLAPI. The type follows the EUC-KR length of the body: up to 90 bytes an SMS, up
 * to 2,000 an LMS (with the rendered `subject`, if any, as its title, at most 40 bytes); longer bodies and characters
 * EUC-KR cannot carry (emoji) are refused before any provider call. Promotional texts arrive already labelled by the
 * policy layer ("(광고)", sender, free opt-out line).
 *
 * Idempotency: SOLAPI takes no idempotency key; the messageId rides in `customFields` for reconciliation and the
 * `deliver` ledger keeps a retried queue message from sending twice.
 */
export class SolapiSmsSender implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly #client: SolapiClient;
  readonly #from: string;

  constructor(options: SolapiSmsSenderOptions) {
    const from = koreanSenderNumber(options.from);
    if (!from) throw new Error('The SMS sender number must be a Korean phone or representative number');
    this.#client = new SolapiClient(options);
    this.#from = from;
  }

  async send(message: RenderedMessage, address: string): Promise<{ providerMessageId: string }> {
    const refuse = (reason: string) =>
      new ChannelSendError({ channel: 'sms', messageId: message.messageId, transient: false, reason });
    if (message.channel !== 'sms') throw refuse(`got a ${message.channel} message`);
    const to = koreanPhoneNumber(address);
    if (!to) throw refuse('the address is not a Korean phone number (this sender serves Korean numbers only)');
    const plan = planTextMessage(message.body, message.subject);
    if ('problem' in plan) throw refuse(`template ${message.template}: ${plan.problem}`);
    const providerMessageId = await this.#client.send('sms', message.messageId, { to, from: this.#from, ...plan });
    return { providerMessageId };
  }
}
