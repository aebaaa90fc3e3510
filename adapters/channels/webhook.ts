import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChannelSendError } from '../../core/errors.ts';
import type { Channel } from '../../core/events/schemas.ts';
import type { ChannelSender, RenderedMessage } from '../../core/ports/messaging.ts';
import { isNetworkError } from './provider-errors.ts';

export const SIGNATURE_HEADER = 'X-Journeys-Signature';
export const TIMESTAMP_HEADER = 'X-Journeys-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface WebhookSenderOptions {
  /** The channel this endpoint serves, typically `kakao` or `push`. */
  channel: Channel;
  /** HTTPS endpoint of the provider bridge (plain HTTP only for localhost). */
  url: string;
  /** Shared HMAC secret; the function layer loads it from SSM. */
  secret: string;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Epoch milliseconds for the timestamp header. */
  now?: () => number;
}

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<raw body>`. */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * For receivers: true when `header` is the signature of `rawBody` at `timestamp` (epoch ms, as sent in
 * `X-Journeys-Timestamp`) under `secret`, and the timestamp is within `toleranceMs` of `now` (replay protection).
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  rawBody: string,
  header: string | null | undefined,
  toleranceMs: number,
  now: number,
): boolean {
  if (!header?.startsWith('sha256=') || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp)) > toleranceMs) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function parsedBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

const isLocalHost = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

/**
 * Messenger and push delivery through a provider bridge over HTTPS: one signed JSON POST per message.
 *
 * Idempotency: the messageId is sent as `Idempotency-Key`; the receiver must deduplicate on it (the bridge is ours
 * or the provider's, and both honour the header). The Powertools idempotency layer in `deliver` prevents most
 * retries from reaching the endpoint at all.
 */
export class WebhookSender implements ChannelSender {
  readonly channel: Channel;
  readonly #url: URL;
  readonly #secret: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  constructor(options: WebhookSenderOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
      throw new Error(`Webhook URL must use https (plain http only for localhost): ${url.origin}`);
    }
    if (!options.secret) throw new Error('Webhook secret must not be empty');
    this.channel = options.channel;
    this.#url = url;
    this.#secret = options.secret;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
  }

  async send(message: RenderedMessage, address: string): Promise<{ providerMessageId: string }> {
    const { messageId, channel, category, template } = message;
    if (channel !== this.channel) {
      throw new ChannelSendError({
        channel: this.channel,
        messageId,
        transient: false,
        reason: `got a ${channel} message`,
      });
    }
    const rawBody = JSON.stringify({ messageId, channel, category, template, address, body: parsedBody(message.body) });
    const timestamp = String(this.#now());
    let response: Response;
    try {
      response = await this.#fetch(this.#url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [IDEMPOTENCY_HEADER]: messageId,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(this.#secret, timestamp, rawBody),
        },
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      if (isNetworkError(error) || error instanceof TypeError) {
        throw new ChannelSendError({
          channel,
          messageId,
          transient: true,
          reason: (error as Error).message,
          cause: error,
        });
      }
      throw error;
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      // The response body is left out on purpose: a receiver may echo the request, address included.
      const transient = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new ChannelSendError({
        channel,
        messageId,
        transient,
        reason: `HTTP ${response.status} from ${this.#url.host}`,
      });
    }
    return { providerMessageId: providerIdOf(text) ?? messageId };
  }
}

/** The receiver may answer `{ "id": "…" }` (or `messageId`); otherwise our messageId identifies the send. */
function providerIdOf(text: string): string | undefined {
  const reply = parsedBody(text);
  if (typeof reply !== 'object' || reply === null) return undefined;
  const { id, messageId } = reply as { id?: unknown; messageId?: unknown };
  if (typeof id === 'string' && id) return id;
  return typeof messageId === 'string' && messageId ? messageId : undefined;
}
