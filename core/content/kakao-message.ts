import * as z from 'zod';
import { TemplateError } from '../errors.ts';
import type { RenderedMessage } from '../ports/messaging.ts';
import { planTextMessage, type TextMessagePlan } from './sms-length.ts';

/**
 * KakaoTalk products: `alimtalk` (알림톡) carries informational messages from a Kakao-approved template; `brand`
 * (브랜드 메시지, FriendTalk's successor) carries promotional ones.
 */
export const KAKAO_PRODUCTS = ['alimtalk', 'brand'] as const;
export type KakaoProduct = (typeof KAKAO_PRODUCTS)[number];

const text = z.string().min(1, { error: 'must not be empty' });
const VARIABLE_NAME = /^(#\{[^.{}]+\}|[^.{}#][^.{}]*)$/;

const button = z.strictObject({
  buttonName: text,
  buttonType: z.enum(['WL', 'AL', 'DS', 'BK', 'MD', 'BC', 'BT', 'AC']),
  linkMo: z.string().optional(),
  linkPc: z.string().optional(),
  linkAnd: z.string().optional(),
  linkIos: z.string().optional(),
});

const kakaoBody = z.strictObject({
  type: z.enum(KAKAO_PRODUCTS, { error: 'must be "alimtalk" or "brand"' }),
  templateCode: text.optional(),
  variables: z.record(z.string(), z.string()).optional(),
  text,
  fallback: z.union([z.strictObject({ text, subject: z.string().optional() }), z.literal(false)]).optional(),
  buttons: z.array(button).max(5).optional(),
});

/**
 * The body of a rendered `kakao` message (a JSON object, like webhook payloads):
 *
 *     { "type": "alimtalk", "templateCode": "ORDER_SHIPPED", "variables": { "주문번호": "A-1001" },
 *       "text": "…the message as the customer reads it…", "fallback": { "text": "…", "subject": "…" } }
 *
 * `text` is what the customer reads; the policy layer adds the advertising label and opt-out line to it for
 * promotional messages. AlimTalk needs `templateCode` (the provider renders the approved template from it and
 * `variables`); its SMS/LMS fallback is `fallback`, else `text`, and `"fallback": false` sends none. A Brand Message
 * sends `text` as it is (free form), or a registered template when `templateCode` is given; it has no fallback.
 */
export type KakaoMessage = z.infer<typeof kakaoBody>;

/** Parses and checks the body of a rendered `kakao` message; a malformed one is a template bug (`TemplateError`). */
export function parseKakaoMessage(rendered: Pick<RenderedMessage, 'template' | 'body'>): KakaoMessage {
  let json: unknown;
  try {
    json = JSON.parse(rendered.body);
  } catch (error) {
    throw new TemplateError({
      template: rendered.template,
      problem: 'a kakao body must be a JSON object',
      cause: error,
    });
  }
  const parsed = kakaoBody.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new TemplateError({ template: rendered.template, problem: `invalid kakao body (${issues.join('; ')})` });
  }
  const message = parsed.data;
  const badName = Object.keys(message.variables ?? {}).find((name) => !VARIABLE_NAME.test(name));
  if (badName !== undefined) {
    throw new TemplateError({
      template: rendered.template,
      problem: `variable "${badName}" must be a name or #{name}, without dots or braces`,
    });
  }
  if (message.type === 'alimtalk' && !message.templateCode) {
    throw new TemplateError({ template: rendered.template, problem: 'an AlimTalk message needs a templateCode' });
  }
  if (message.type === 'brand' && message.fallback !== undefined) {
    throw new TemplateError({
      template: rendered.template,
      problem: 'a Brand Message has no SMS fallback: list sms after kakao in the message channels instead',
    });
  }
  return message;
}

/** Template variables as providers take them: every key as `#{name}`. */
export function templateVariables(message: KakaoMessage): Record<string, string> {
  const entries = Object.entries(message.variables ?? {});
  return Object.fromEntries(entries.map(([key, value]) => [key.startsWith('#{') ? key : `#{${key}}`, value]));
}

/**
 * The SMS/LMS an AlimTalk falls back to when KakaoTalk cannot deliver it: `fallback`, else the AlimTalk text, sized by
 * EUC-KR bytes. `undefined` when the message asks for no fallback; a problem when the text cannot go as SMS/LMS.
 */
export function alimtalkFallback(message: KakaoMessage): TextMessagePlan | { problem: string } | undefined {
  if (message.fallback === false) return undefined;
  const plan = planTextMessage(message.fallback?.text ?? message.text, message.fallback?.subject);
  if ('problem' in plan) {
    if (message.fallback) return { problem: `AlimTalk fallback: ${plan.problem}` };
    return {
      problem: `AlimTalk text, sent as the SMS fallback: ${plan.problem} (give a "fallback", or "fallback": false)`,
    };
  }
  return plan;
}

/**
 * Why a KakaoTalk product may not carry a message of this category, or `undefined`: AlimTalk is for informational
 * messages only (an advertisement in it breaks Kakao's rules), a Brand Message is advertising.
 */
export function kakaoCategoryProblem(message: KakaoMessage, category: RenderedMessage['category']): string | undefined {
  if (message.type === 'alimtalk' && category !== 'transactional') {
    return 'AlimTalk carries informational messages only; send promotional ones as a Brand Message';
  }
  if (message.type === 'brand' && category !== 'promotional') {
    return 'a Brand Message is advertising; send transactional messages as AlimTalk';
  }
  return undefined;
}

/**
 * The policy's KakaoTalk rules for a rendered `kakao` message: the product must suit the category (a promotional
 * AlimTalk is refused), and an AlimTalk keeps the provider's own SMS/LMS fallback only when SMS is the message's
 * next channel; otherwise `"fallback": false`, so what follows a failure is the message's channel list, not an SMS
 * the journey did not ask for. Returns the message to send, or why it may not go.
 */
export function applyKakaoRules(
  rendered: RenderedMessage,
  nextChannel: string | undefined,
): RenderedMessage | { problem: string } {
  let message: KakaoMessage;
  try {
    message = parseKakaoMessage(rendered);
  } catch (error) {
    if (error instanceof TemplateError) return { problem: error.message };
    throw error;
  }
  const problem = kakaoCategoryProblem(message, rendered.category);
  if (problem) return { problem };
  if (message.type !== 'alimtalk' || nextChannel === 'sms' || message.fallback === false) return rendered;
  return { ...rendered, body: JSON.stringify({ ...message, fallback: false }) };
}

/**
 * Kakao's limit on an AlimTalk message body, in characters; also used for Brand Message text (FriendTalk's text
 * limit, which the Brand Message text bubble kept as far as providers document it).
 */
export const KAKAO_TEXT_MAX_CHARS = 1000;

/**
 * Wording that makes a message an advertisement in Kakao's AlimTalk review (discounts, coupons, events, points,
 * "free", sales): an AlimTalk carrying any of it is refused by Kakao's template review or, sent anyway, breaks
 * its rules. Korean and English, as the templates come in both.
 */
const PROMOTIONAL_WORDING = [
  /할인/,
  /쿠폰/,
  /이벤트/,
  /특가/,
  /세일/,
  /적립/,
  /혜택/,
  /무료\s*배송/,
  /사은품/,
  /추천\s*상품/,
  /\(광고\)/,
  /\b(sale|discount|coupon|promo(tion)?|offer|deal|reward points?|free shipping|gift)s?\b/i,
  /\d+\s*%\s*(off|할인)?/i,
];

/** The promotional wording an informational (AlimTalk) text contains, in order of appearance; empty when none. */
export function promotionalWordingIn(text: string): string[] {
  const found = PROMOTIONAL_WORDING.flatMap((pattern) => {
    const match = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
    return [...text.matchAll(match)].map((hit) => ({ at: hit.index, word: hit[0] }));
  });
  return found.sort((a, b) => a.at - b.at).map((hit) => hit.word);
}
