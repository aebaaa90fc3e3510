import { TemplateError } from '../errors.ts';
import type { RenderedMessage } from '../ports/messaging.ts';

/** Who sends promotional messages, as the law asks it to be shown (KR: 정보통신망법 §50). */
export interface AdvertisingSender {
  /** Sender's name shown after the label, e.g. `Example Shop`. */
  name: string;
  /** Sender's contact, e.g. `help@example.com · 02-000-0000`. */
  contact: string;
  /** The free opt-out route, e.g. a free 080 number or an unsubscribe URL. */
  optOut: string;
}

const FOOTER_WORDS = {
  ko: { contact: '연락처', optOut: '무료수신거부' },
  en: { contact: 'Contact', optOut: 'Free opt-out' },
} as const;

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] as string);

function footerLines(recipient: { country?: string }, sender: AdvertisingSender): [string, string] {
  const words = recipient.country === 'KR' ? FOOTER_WORDS.ko : FOOTER_WORDS.en;
  return [`${words.contact} ${sender.contact}`, `${words.optOut} ${sender.optOut}`];
}

function labelText(text: string, header: string, footer: readonly string[]): string {
  return [header, text, ...footer].join('\n');
}

function labelHtml(html: string, footer: readonly string[]): string {
  const block = `<p class="advertising-footer">${footer.map(escapeHtml).join('<br>')}</p>`;
  const closing = html.search(/<\/body\s*>/i);
  if (closing === -1) return `${html}\n${block}`;
  return `${html.slice(0, closing)}${block}\n${html.slice(closing)}`;
}

/** JSON payloads (push, kakao) carry the visible text in a `text` field; anything else is plain text. */
function labelPayload(message: RenderedMessage, header: string, footer: readonly string[]): string {
  let payload: unknown;
  try {
    payload = JSON.parse(message.body);
  } catch {
    return labelText(message.body, header, footer);
  }
  if (typeof payload !== 'object' || payload === null || typeof (payload as { text?: unknown }).text !== 'string') {
    throw new TemplateError({
      template: message.template,
      problem: `a promotional ${message.channel} payload needs a string "text" field to carry the advertising label`,
    });
  }
  const labelled = { ...payload, text: labelText((payload as { text: string }).text, header, footer) };
  return JSON.stringify(labelled);
}

/**
 * Adds what advertising law requires to a promotional message when the recipient's country rules carry an
 * advertising label (KR: "(광고)"): the label and sender's name first (email: in the subject), the sender's contact and
 * a free opt-out line last. Transactional messages, and recipients whose country has no label, are unchanged.
 */
export function applyAdvertisingRules(
  rendered: RenderedMessage,
  recipient: { country?: string },
  rules: { advertisingLabel?: string } | undefined,
  sender: AdvertisingSender,
): RenderedMessage {
  const label = rules?.advertisingLabel;
  if (rendered.category !== 'promotional' || !label) return rendered;
  const header = `${label}${sender.name}`;
  const footer = footerLines(recipient, sender);
  if (rendered.channel === 'email') {
    return {
      ...rendered,
      subject: `${header} ${rendered.subject ?? ''}`.trimEnd(),
      body: labelHtml(rendered.body, footer),
    };
  }
  if (rendered.channel === 'sms') return { ...rendered, body: labelText(rendered.body, header, footer) };
  return { ...rendered, body: labelPayload(rendered, header, footer) };
}
