import { createHmac, randomBytes } from 'node:crypto';
import { ChannelSendError } from '../../core/errors.ts';
import { isNetworkError } from './provider-errors.ts';

/** SOLAPI's send endpoint: one or more messages, with per-message registration results. */
export const SOLAPI_SEND_PATH = '/messages/v4/send-many/detail';
export const SOLAPI_BASE_URL = 'https://api.solapi.com';

export interface SolapiOptions {
  apiKey: string;
  apiSecret: string;
  /** Default `https://api.solapi.com`; plain http only for localhost (tests). */
  baseUrl?: string;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Epoch milliseconds for the signed date. */
  now?: () => number;
}

/** One message as SOLAPI takes it (`messages[]` of send-many/detail); only the fields these adapters use. */
export interface SolapiMessage {
  to: string;
  from: string;
  type?: 'SMS' | 'LMS' | 'ATA' | 'BMS_FREE';
  text?: string;
  subject?: string;
  kakaoOptions?: Record<string, unknown>;
  /** Messages the provider sends instead when the first one cannot be delivered (SMS/LMS fallback). */
  replacements?: Array<{ to: string; from: string; type: 'SMS' | 'LMS'; text: string; subject?: string }>;
  customFields?: Record<string, string>;
}

/** Registration failures that say "try again later" rather than "this message is wrong". */
const TRANSIENT_STATUS_CODES = new Set([
  '1024', // server error
  '2024', // server error
  '3024', // server error
  '1030', // balance insufficient: an operator tops up, the queue retries
  '2230', // balance insufficient
]);

/**
 * `HMAC-SHA256 apiKey=…, date=…, salt=…, signature=…`: the signature is HMAC-SHA256 of date + salt under the API
 * secret, hex. SOLAPI refuses a date more than 15 minutes off and a signature used twice within 15 minutes, so every
 * request gets a fresh salt.
 */
export function solapiAuthorization(apiKey: string, apiSecret: string, date: string, salt: string): string {
  const signature = createHmac('sha256', apiSecret)
    .update(date + salt)
    .digest('hex');
  return `HMAC-SHA256 apiKey=${apiKey}, date=${date}, salt=${salt}, signature=${signature}`;
}

/** `+821012345678`, `010-1234-5678` or `01012345678` → `01012345678`; `undefined` for anything else. */
export function koreanPhoneNumber(address: string): string | undefined {
  const compact = address.replace(/[\s-]/g, '');
  const domestic = compact.startsWith('+82') ? `0${compact.slice(3).replace(/^0/, '')}` : compact;
  return /^0\d{8,10}$/.test(domestic) ? domestic : undefined;
}

/** A sender number (발신번호): a phone number, or a nationwide representative number such as `1588-0000`. */
export function koreanSenderNumber(number: string): string | undefined {
  const compact = number.replace(/[\s-]/g, '');
  return /^1[5-9]\d{6}$/.test(compact) ? compact : koreanPhoneNumber(number);
}

/** Provider texts can quote the recipient ("수신번호 01012345678 …"): runs of 7+ digits become `[number]`. */
export function redactNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s-]{5,}\d/g, '[number]');
}

const isLocalHost = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

interface SendDetailResponse {
  failedMessageList?: Array<{ statusCode?: string; statusMessage?: string }>;
  groupInfo?: { groupId?: string };
  messageList?: Array<{ messageId?: string; statusCode?: string }>;
}

/** A SOLAPI REST client for sending: HMAC auth, one message per request, errors as `ChannelSendError`. */
export class SolapiClient {
  readonly #options: SolapiOptions;
  readonly #url: URL;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  constructor(options: SolapiOptions) {
    if (!options.apiKey || !options.apiSecret) throw new Error('SOLAPI apiKey and apiSecret must not be empty');
    const url = new URL(SOLAPI_SEND_PATH, options.baseUrl ?? SOLAPI_BASE_URL);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
      throw new Error(`SOLAPI base URL must use https (plain http only for localhost): ${url.origin}`);
    }
    this.#options = options;
    this.#url = url;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Registers one message and returns SOLAPI's message id. Registration is not delivery: KakaoTalk failures and the
   * SMS/LMS fallback happen afterwards at the provider and come back in its delivery reports.
   */
  async send(channel: string, messageId: string, message: SolapiMessage): Promise<string> {
    const fail = (transient: boolean, reason: string, cause?: unknown) =>
      new ChannelSendError({ channel, messageId, transient, reason, ...(cause ? { cause } : {}) });
    const customFields = messageId.length <= 100 ? { customFields: { messageId } } : {};
    const body = JSON.stringify({ messages: [{ ...message, ...customFields }], showMessageList: true });
    const date = new Date(this.#now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const salt = randomBytes(16).toString('hex');
    let response: Response;
    try {
      response = await this.#fetch(this.#url, {
        method: 'POST',
        headers: {
          Authorization: solapiAuthorization(this.#options.apiKey, this.#options.apiSecret, date, salt),
          'Content-Type': 'application/json',
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      if (isNetworkError(error) || error instanceof TypeError) {
        throw fail(true, `SOLAPI unreachable: ${(error as Error).name}`, error);
      }
      throw error;
    }
    const text = await response.text().catch(() => '');
    const reply = parseJson(text);
    if (!response.ok) {
      const { errorCode, errorMessage } = (reply ?? {}) as { errorCode?: unknown; errorMessage?: unknown };
      const transient = response.status >= 500 || response.status === 429 || response.status === 408;
      const code = typeof errorCode === 'string' ? `${errorCode} ` : '';
      const detail = typeof errorMessage === 'string' ? `: ${redactNumbers(errorMessage)}` : '';
      throw fail(transient, `SOLAPI ${code}(HTTP ${response.status})${detail}`);
    }
    const detail = (reply ?? {}) as SendDetailResponse;
    const failed = detail.failedMessageList?.[0];
    if (failed) {
      const statusCode = failed.statusCode ?? 'unknown';
      const status = failed.statusMessage ? ` ${redactNumbers(failed.statusMessage)}` : '';
      throw fail(TRANSIENT_STATUS_CODES.has(statusCode), `SOLAPI refused the message: status ${statusCode}${status}`);
    }
    return detail.messageList?.[0]?.messageId ?? detail.groupInfo?.groupId ?? messageId;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
