import {
  alimtalkFallback,
  type KakaoMessage,
  kakaoCategoryProblem,
  parseKakaoMessage,
  templateVariables,
} from '../../core/content/kakao-message.ts';
import { ChannelSendError, TemplateError } from '../../core/errors.ts';
import type { ChannelSender, RenderedMessage } from '../../core/ports/messaging.ts';
import {
  koreanPhoneNumber,
  koreanSenderNumber,
  SolapiClient,
  type SolapiMessage,
  type SolapiOptions,
} from './solapi.ts';

/** Minutes after midnight, Korea time (UTC+9, no daylight saving). */
export interface NightBlock {
  from: number;
  until: number;
}

/** Brand Messages are not delivered 20:50–08:00 KST (Kakao's night-time rule as providers document it). */
export const BRAND_MESSAGE_NIGHT_BLOCK: NightBlock = { from: 20 * 60 + 50, until: 8 * 60 };

export interface KakaoSolapiSenderOptions extends SolapiOptions {
  /** The KakaoTalk business channel's SOLAPI id (pfId). */
  pfId: string;
  /** Registered sender number (발신번호) for the SMS/LMS fallback of AlimTalk. */
  from: string;
  /**
   * Brand Message audience: `I` channel friends among the recipients (default); `M`/`N` marketing-consented users,
   * only for channels Kakao has approved for them.
   */
  targeting?: 'I' | 'M' | 'N';
  /** When Brand Messages are refused; `false` turns the check off. */
  nightBlock?: NightBlock | false;
}

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

function inNightBlock(now: number, block: NightBlock): boolean {
  const minutes = Math.floor(((now + KST_OFFSET_MS) % 86_400_000) / 60_000);
  return block.from > block.until
    ? minutes >= block.from || minutes < block.until
    : minutes >= block.from && minutes < block.until;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * KakaoTalk through SOLAPI: AlimTalk (알림톡) for transactional messages, with the SMS/LMS fallback requested from the
 * provider, and Brand Message (브랜드 메시지) for promotional ones, flagged as advertising and without fallback (the
 * message's channel list falls back instead, so the policy counts any SMS it causes). The address is the recipient's
 * phone number: SOLAPI addresses KakaoTalk business messages by phone number.
 *
 * Refused without a provider call (permanent `ChannelSendError`): a promotional AlimTalk, a transactional Brand
 * Message, a Brand Message in the night-time block, a malformed body, a fallback EUC-KR cannot carry, an address that
 * is not a Korean phone number.
 */
export class KakaoSolapiSender implements ChannelSender {
  readonly channel = 'kakao' as const;
  readonly #client: SolapiClient;
  readonly #options: KakaoSolapiSenderOptions;
  readonly #now: () => number;

  constructor(options: KakaoSolapiSenderOptions) {
    if (!options.pfId) throw new Error('KakaoTalk channel pfId must not be empty');
    if (!koreanSenderNumber(options.from)) throw new Error('The fallback sender number must be a Korean number');
    this.#client = new SolapiClient(options);
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async send(message: RenderedMessage, address: string): Promise<{ providerMessageId: string }> {
    const refuse = (reason: string, cause?: unknown) =>
      new ChannelSendError({
        channel: 'kakao',
        messageId: message.messageId,
        transient: false,
        reason,
        ...(cause ? { cause } : {}),
      });
    if (message.channel !== 'kakao') throw refuse(`got a ${message.channel} message`);
    let kakao: KakaoMessage;
    try {
      kakao = parseKakaoMessage(message);
    } catch (error) {
      if (error instanceof TemplateError) throw refuse(error.message, error);
      throw error;
    }
    const categoryProblem = kakaoCategoryProblem(kakao, message.category);
    if (categoryProblem) throw refuse(categoryProblem);
    const to = koreanPhoneNumber(address);
    if (!to) throw refuse('the kakao address is not a Korean phone number (SOLAPI addresses KakaoTalk by number)');
    const from = koreanSenderNumber(this.#options.from) as string;
    let wire: SolapiMessage;
    if (kakao.type === 'alimtalk') {
      const fallback = alimtalkFallback(kakao);
      if (fallback && 'problem' in fallback) throw refuse(fallback.problem);
      wire = {
        to,
        from,
        type: 'ATA',
        kakaoOptions: {
          pfId: this.#options.pfId,
          templateId: kakao.templateCode,
          variables: templateVariables(kakao),
          disableSms: !fallback,
          ...(kakao.buttons ? { buttons: kakao.buttons } : {}),
        },
        ...(fallback ? { replacements: [{ to, from, ...fallback }] } : {}),
      };
    } else {
      const block = this.#options.nightBlock ?? BRAND_MESSAGE_NIGHT_BLOCK;
      if (block && inNightBlock(this.#now(), block)) {
        throw refuse(`Brand Messages are not sent between ${hhmm(block.from)} and ${hhmm(block.until)} KST`);
      }
      wire = this.#brandMessage(kakao, to, from);
    }
    const providerMessageId = await this.#client.send('kakao', message.messageId, wire);
    return { providerMessageId };
  }

  /** Free-form text bubble (BMS_FREE), or a registered Brand Message template when the body names one. */
  #brandMessage(kakao: KakaoMessage, to: string, from: string): SolapiMessage {
    const targeting = this.#options.targeting ?? 'I';
    const common = { pfId: this.#options.pfId, adFlag: true, disableSms: true };
    if (kakao.templateCode) {
      return {
        to,
        from,
        kakaoOptions: {
          ...common,
          templateId: kakao.templateCode,
          variables: templateVariables(kakao),
          bms: { targeting },
        },
      };
    }
    return {
      to,
      from,
      type: 'BMS_FREE',
      text: kakao.text,
      kakaoOptions: { ...common, bms: { targeting, chatBubbleType: 'TEXT' } },
    };
  }
}
