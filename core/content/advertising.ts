import { AdvertisingRulesError, TemplateError } from '../errors.ts';
import type { CountryRule, PromotionalEmailItem } from '../policy/config.ts';
import type { RenderedMessage } from '../ports/messaging.ts';
import { escapeHtml } from './html.ts';

/** Who sends promotional messages, as the law asks it to be shown (KR: 정보통신망법 §50; US: CAN-SPAM). */
export interface AdvertisingSender {
  /** Sender's name shown after the label, e.g. `Example Shop`. */
  name: string;
  /** Sender's contact, e.g. `help@example.com · 02-000-0000`. */
  contact: string;
  /** The free opt-out route of channels without a link (SMS, KakaoTalk): a free 080 number. */
  optOut: string;
  /** The sender's valid physical postal address (CAN-SPAM), e.g. `100 Example St, Springfield, IL 62701, USA`. */
  postalAddress?: string;
}

/** Per message: the one-click unsubscribe link of a promotional email, when the stage has the endpoint. */
export interface AdvertisingLinks {
  unsubscribeUrl?: string;
}

/** One footer line; `link` becomes an anchor in HTML, its URL is written out in text. */
type FooterLine = { text: string; link?: { href: string; text: string } };

const FOOTER_WORDS = {
  ko: { contact: '연락처', optOut: '무료수신거부', unsubscribe: '수신거부(Unsubscribe)' },
  en: { contact: 'Contact', optOut: 'Free opt-out', unsubscribe: 'Unsubscribe' },
} as const;

function missing(message: RenderedMessage, what: string): never {
  throw new AdvertisingRulesError({ messageId: message.messageId, template: message.template, missing: what });
}

/** KR-style footer of a labelled country: the sender's contact, then a free opt-out (email: the one-click link). */
function labelledFooter(
  message: RenderedMessage,
  recipient: { country?: string },
  sender: AdvertisingSender,
  links: AdvertisingLinks,
): FooterLine[] {
  const words = recipient.country === 'KR' ? FOOTER_WORDS.ko : FOOTER_WORDS.en;
  const contact = { text: `${words.contact} ${sender.contact}` };
  if (message.channel === 'email' && links.unsubscribeUrl) {
    return [contact, { text: `${words.optOut} `, link: { href: links.unsubscribeUrl, text: words.unsubscribe } }];
  }
  if (!sender.optOut) missing(message, 'the free opt-out number (senderOptOut)');
  return [contact, { text: `${words.optOut} ${sender.optOut}` }];
}

/** CAN-SPAM-style footer of an email: the sender's postal address and a working opt-out. */
function emailFooter(
  message: RenderedMessage,
  items: readonly PromotionalEmailItem[],
  sender: AdvertisingSender,
  links: AdvertisingLinks,
): FooterLine[] {
  const lines: FooterLine[] = [];
  if (items.includes('postalAddress')) {
    if (!sender.postalAddress) missing(message, "the sender's postal address (senderPostalAddress)");
    lines.push({ text: `${sender.name} · ${sender.postalAddress}` });
  }
  if (items.includes('unsubscribeLink')) {
    if (links.unsubscribeUrl) {
      lines.push({ text: 'No more of these emails? ', link: { href: links.unsubscribeUrl, text: 'Unsubscribe' } });
    } else if (sender.optOut) {
      lines.push({ text: `No more of these emails? ${sender.optOut}` });
    } else {
      missing(message, 'an unsubscribe link (the unsubscribe endpoint) or an opt-out route (senderOptOut)');
    }
  }
  return lines;
}

const lineText = (line: FooterLine) => (line.link ? `${line.text}${line.link.text}: ${line.link.href}` : line.text);
const lineHtml = (line: FooterLine) =>
  escapeHtml(line.text) +
  (line.link ? `<a href="${escapeHtml(line.link.href)}">${escapeHtml(line.link.text)}</a>` : '');

function labelText(text: string, header: string | undefined, footer: readonly FooterLine[]): string {
  return [...(header ? [header] : []), text, ...footer.map(lineText)].join('\n');
}

function labelHtml(html: string, footer: readonly FooterLine[]): string {
  const block = `<p class="advertising-footer">${footer.map(lineHtml).join('<br>')}</p>`;
  const closing = html.search(/<\/body\s*>/i);
  if (closing === -1) return `${html}\n${block}`;
  return `${html.slice(0, closing)}${block}\n${html.slice(closing)}`;
}

/** JSON payloads (push, kakao) carry the visible text in a `text` field; anything else is plain text. */
function labelPayload(message: RenderedMessage, header: string, footer: readonly FooterLine[]): string {
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
 * Adds what advertising law requires to a promotional message, as the recipient's country rules say. With an
 * advertising label (KR: "(광고)"): the label and sender's name first (email: in the subject), the sender's contact and
 * a free opt-out last — the one-click link in an email, the 080 number elsewhere. With `promotionalEmailShows` (US,
 * CAN-SPAM): the sender's postal address and the unsubscribe link at the end of every promotional email. Transactional
 * messages, and recipients whose country asks for nothing, are unchanged. A required item the sender has not
 * configured is an `AdvertisingRulesError`, never a message sent without it.
 */
export function applyAdvertisingRules(
  rendered: RenderedMessage,
  recipient: { country?: string },
  rules: Pick<CountryRule, 'advertisingLabel' | 'promotionalEmailShows'> | undefined,
  sender: AdvertisingSender,
  links: AdvertisingLinks = {},
): RenderedMessage {
  if (rendered.category !== 'promotional') return rendered;
  const label = rules?.advertisingLabel;
  if (label) {
    const header = `${label}${sender.name}`;
    const footer = labelledFooter(rendered, recipient, sender, links);
    if (rendered.channel === 'email') {
      const subject = `${header} ${rendered.subject ?? ''}`.trimEnd();
      return { ...rendered, subject, body: labelHtml(rendered.body, footer) };
    }
    if (rendered.channel === 'sms') return { ...rendered, body: labelText(rendered.body, header, footer) };
    return { ...rendered, body: labelPayload(rendered, header, footer) };
  }
  const items = rules?.promotionalEmailShows ?? [];
  if (rendered.channel !== 'email' || items.length === 0) return rendered;
  return { ...rendered, body: labelHtml(rendered.body, emailFooter(rendered, items, sender, links)) };
}
