import {
  pageLocale,
  type UnsubscribePageKind,
  type UnsubscribeSender,
  unsubscribePage,
} from '../content/unsubscribe-page.ts';
import { METRIC } from '../contracts/metrics.ts';
import type { IngestMessage } from '../messages/queue-messages.ts';
import type { Clock } from '../ports/messaging.ts';
import type { MessageQueue } from '../ports/queue.ts';
import type { Telemetry } from '../ports/telemetry.ts';
import type { UnsubscribeScope, UnsubscribeTokenVerifier } from '../ports/unsubscribe.ts';
import { toIso } from '../time.ts';

/** One HTTP request to the unsubscribe endpoint, as the local server and the Lambda function URL both give it. */
export interface UnsubscribeRequest {
  method: string;
  /** The query string without `?`: `t=<token>&l=<language>`. */
  query: string;
  /** The body as text (form-encoded for a POST). */
  body: string;
  contentType?: string;
  acceptLanguage?: string;
}

export interface UnsubscribeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface UnsubscribePorts {
  tokens: UnsubscribeTokenVerifier;
  /** The withdrawal goes where every event goes: the ingest queue, checked there against the contract. */
  ingest: MessageQueue<IngestMessage>;
  clock: Clock;
  newEventId: () => string;
  sender: UnsubscribeSender;
  telemetry: Telemetry;
}

/** The `source` of the consent.changed an unsubscribe link produces. */
export const UNSUBSCRIBE_SOURCE = 'unsubscribe-link';
/** `wordingVersion`: what the customer acted on, a mail client's one-click POST or the button of our page. */
export const ONE_CLICK_WORDING = 'rfc8058-one-click';
export const PAGE_WORDING = 'unsubscribe-page-1';

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The token is in the URL: no Referer carries it to the shop's site when the customer follows a link.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

const STATUS: Record<UnsubscribePageKind, number> = {
  confirm: 200,
  done: 200,
  invalid: 400,
  expired: 410,
  bad_request: 400,
  method_not_allowed: 405,
  unavailable: 503,
};

/** What a POST body asks for: RFC 8058's `List-Unsubscribe=One-Click`, our page's button, or neither. */
function postedWording(request: UnsubscribeRequest): string | undefined {
  const type = (request.contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    return /name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/.test(request.body)
      ? ONE_CLICK_WORDING
      : undefined;
  }
  const form = new URLSearchParams(request.body);
  if (form.get('List-Unsubscribe') === 'One-Click') return ONE_CLICK_WORDING;
  if (form.get('unsubscribe') === 'confirm') return PAGE_WORDING;
  return undefined;
}

async function withdraw(pseudonym: string, scope: UnsubscribeScope, wordingVersion: string, ports: UnsubscribePorts) {
  const detail = {
    v: 1,
    eventId: ports.newEventId(),
    occurredAt: toIso(ports.clock.now()),
    ...scope,
    granted: false,
    source: UNSUBSCRIBE_SOURCE,
    wordingVersion,
  };
  await ports.ingest.send([{ kind: 'pseudonymous-event', pseudonym, detailType: 'consent.changed', detail }]);
}

/**
 * The one-click unsubscribe endpoint (RFC 8058). GET shows a page whose button POSTs (a link scanner's GET changes
 * nothing); POST — from a mail client's one-click or that button — turns the token into `consent.changed`
 * (granted false, source `unsubscribe-link`) on the ingest queue. Every bad input gets a 4xx page, never a 5xx; only
 * a failure to enqueue is a 503, so the customer can try again.
 */
export async function handleUnsubscribeRequest(
  request: UnsubscribeRequest,
  ports: UnsubscribePorts,
): Promise<UnsubscribeResponse> {
  const query = new URLSearchParams(request.query);
  const locale = pageLocale(query.get('l'), request.acceptLanguage);
  const respond = (kind: UnsubscribePageKind, extra: { scope?: UnsubscribeScope; formAction?: string } = {}) => {
    ports.telemetry.count(METRIC.unsubscribeRequests, { outcome: kind });
    const headers: Record<string, string> = { ...PAGE_HEADERS };
    if (kind === 'method_not_allowed') headers.allow = 'GET, HEAD, POST';
    if (kind === 'unavailable') headers['retry-after'] = '120';
    const body = unsubscribePage({ kind, locale, sender: ports.sender, ...extra });
    return { status: STATUS[kind], headers, body };
  };

  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return respond('method_not_allowed');
  const token = query.get('t');
  if (!token) return respond('invalid');
  const verified = ports.tokens.verify(token, ports.clock.now());
  if (verified.status === 'rejected') {
    ports.telemetry.info('unsubscribe link refused', { reason: verified.reason });
    return respond(verified.reason === 'expired' ? 'expired' : 'invalid');
  }
  const scope: UnsubscribeScope = { channel: verified.channel, purpose: verified.purpose };
  if (method !== 'POST') {
    const action = new URLSearchParams({ t: token, l: locale });
    return respond('confirm', { scope, formAction: `?${action}` });
  }
  const wording = postedWording(request);
  if (!wording) return respond('bad_request', { scope });
  try {
    await withdraw(verified.pseudonym, scope, wording, ports);
  } catch (error) {
    ports.telemetry.error('unsubscribe not recorded', { pseudonym: verified.pseudonym, error: String(error) });
    return respond('unavailable', { scope });
  }
  ports.telemetry.info('unsubscribed', { pseudonym: verified.pseudonym, ...scope, wordingVersion: wording });
  return respond('done', { scope });
}
