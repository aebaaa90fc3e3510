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
