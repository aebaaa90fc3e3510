import type { UnsubscribeScope } from '../ports/unsubscribe.ts';
import { escapeHtml } from './html.ts';

/** What the unsubscribe endpoint tells the customer. */
export type UnsubscribePageKind =
  | 'confirm'
  | 'done'
  | 'invalid'
  | 'expired'
  | 'bad_request'
  | 'method_not_allowed'
  | 'unavailable';

export type PageLocale = 'ko' | 'en';
export const PAGE_LOCALES: readonly PageLocale[] = ['ko', 'en'];

/** Who the customer unsubscribes from, and the other ways to change their choice. */
export interface UnsubscribeSender {
  name: string;
  /** e.g. `help@shop.example.com · 02-000-0000` */
  contact: string;
  /** The shop's site, where the customer's notification settings are. */
  shopUrl: string;
}

export interface UnsubscribePageInput {
  kind: UnsubscribePageKind;
  locale: PageLocale;
  sender: UnsubscribeSender;
  scope?: UnsubscribeScope;
  /** The form's target (`?t=…&l=…`) on the confirmation page. */
  formAction?: string;
}

const CHANNEL_WORDS = {
  ko: { email: '이메일', sms: '문자(SMS)', kakao: '카카오톡', push: '앱 푸시', all: '모든 채널' },
  en: {
    email: 'email',
    sms: 'text messages (SMS)',
    kakao: 'KakaoTalk',
    push: 'push notifications',
    all: 'every channel',
  },
} as const;

const PURPOSE_WORDS = {
  ko: {
    marketing: '광고성 정보',
    night_marketing: '야간(21시~08시) 광고성 정보',
    profiling: '맞춤형 추천(행태정보 이용)',
  },
  en: {
    marketing: 'marketing messages',
    night_marketing: 'marketing messages at night (21:00–08:00)',
    profiling: 'personalised recommendations',
  },
} as const;

type Text = { title: string; lines: string[]; button?: string };

function what(locale: PageLocale, scope: UnsubscribeScope | undefined): string {
  if (!scope) return locale === 'ko' ? '광고성 정보' : 'marketing messages';
  const channel = CHANNEL_WORDS[locale][scope.channel];
  const purpose = PURPOSE_WORDS[locale][scope.purpose];
  return locale === 'ko' ? `${channel} ${purpose}` : `${purpose} by ${channel}`;
}

function otherWays(locale: PageLocale, sender: UnsubscribeSender): string {
  return locale === 'ko'
    ? `수신 설정은 ${sender.shopUrl}의 내 계정에서 바꾸거나 ${sender.contact}(으)로 요청하실 수 있습니다.`
    : `You can change your choices in your account at ${sender.shopUrl} or ask us at ${sender.contact}.`;
}

function text(input: UnsubscribePageInput): Text {
  const { locale, sender } = input;
  const subject = what(locale, input.scope);
  const ko = locale === 'ko';
  switch (input.kind) {
    case 'confirm':
      return ko
        ? {
            title: '수신거부',
            lines: [
              `${sender.name}의 ${subject} 수신을 거부하시겠습니까?`,
              '주문, 배송 등 거래 관련 안내는 계속 발송됩니다.',
            ],
            button: '수신거부',
          }
        : {
            title: 'Unsubscribe',
            lines: [
              `Stop receiving ${subject} from ${sender.name}?`,
              'Order, delivery and account messages will still reach you.',
            ],
            button: 'Unsubscribe',
          };
    case 'done':
      return ko
        ? {
            title: '수신거부가 접수되었습니다',
            lines: [
              `${sender.name}의 ${subject}를 더 이상 보내지 않습니다. 처리 결과는 별도로 안내해 드립니다.`,
              otherWays(locale, sender),
            ],
          }
        : {
            title: 'You are unsubscribed',
            lines: [
              `${sender.name} will send you no more ${subject}. We will confirm the change in a separate message.`,
              otherWays(locale, sender),
            ],
          };
    case 'invalid':
      return ko
        ? {
            title: '유효하지 않은 링크입니다',
            lines: [
              '링크가 잘렸거나 변경되었을 수 있습니다. 메시지의 링크 전체를 열어 주세요.',
              otherWays(locale, sender),
            ],
          }
        : {
            title: 'This unsubscribe link is not valid',
            lines: [
              'It may be incomplete or altered: open the whole link from the message.',
              otherWays(locale, sender),
            ],
          };
    case 'expired':
      return ko
        ? {
            title: '만료된 링크입니다',
            lines: [
              '보안을 위해 수신거부 링크는 일정 기간 후 만료됩니다. 최근 메시지의 링크를 이용해 주세요.',
              otherWays(locale, sender),
            ],
          }
        : {
            title: 'This unsubscribe link has expired',
            lines: [
              'Unsubscribe links expire after a while: use the link in a recent message.',
              otherWays(locale, sender),
            ],
          };
    case 'bad_request':
      return ko
        ? {
            title: '요청을 처리할 수 없습니다',
            lines: ['수신거부 버튼을 눌러 다시 시도해 주세요.', otherWays(locale, sender)],
          }
        : {
            title: 'This request could not be read',
            lines: ['Please press the unsubscribe button again.', otherWays(locale, sender)],
          };
    case 'method_not_allowed':
      return ko
        ? { title: '지원하지 않는 요청입니다', lines: ['메시지의 수신거부 링크를 열어 주세요.'] }
        : { title: 'Not supported', lines: ['Open the unsubscribe link from the message.'] };
    case 'unavailable':
      return ko
        ? {
            title: '잠시 후 다시 시도해 주세요',
            lines: ['지금은 요청을 기록하지 못했습니다. 몇 분 후 다시 시도해 주세요.', otherWays(locale, sender)],
          }
        : {
            title: 'Please try again in a few minutes',
            lines: ['We could not record your request just now.', otherWays(locale, sender)],
          };
  }
}

/** The endpoint's HTML page: self-contained, no script, nothing that names the customer. */
export function unsubscribePage(input: UnsubscribePageInput): string {
  const { title, lines, button } = text(input);
  const form =
    button && input.formAction !== undefined
      ? `<form method="post" action="${escapeHtml(input.formAction)}">` +
        `<input type="hidden" name="unsubscribe" value="confirm"><button type="submit">${escapeHtml(button)}</button></form>`
      : '';
  return [
    '<!doctype html>',
    `<html lang="${input.locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="robots" content="noindex"><title>${escapeHtml(title)} · ${escapeHtml(input.sender.name)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}' +
      'button{font-size:1rem;padding:.6rem 1.4rem;cursor:pointer}</style></head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    form,
    '</body>',
    '</html>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The page language: the link's `l`, else the browser's first supported language, else English. */
export function pageLocale(linkLocale: string | null | undefined, acceptLanguage: string | undefined): PageLocale {
  const fromLink = PAGE_LOCALES.find((locale) => locale === linkLocale);
  if (fromLink) return fromLink;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((param) => param.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { language: tag.toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { language } of ranked) {
    const supported = PAGE_LOCALES.find((locale) => locale === language);
    if (supported) return supported;
  }
  return 'en';
}
