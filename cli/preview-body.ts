import {
  applyKakaoRules,
  type KakaoMessage,
  parseKakaoMessage,
  templateVariables,
} from '../core/content/kakao-message.ts';
import { measureEucKr, planTextMessage } from '../core/content/sms-length.ts';
import type { RenderedMessage } from '../core/ports/messaging.ts';

/** `SMS · 58 bytes EUC-KR` / `LMS · 312 bytes EUC-KR · subject "…"`, or what keeps the text from going. */
function textMessageLine(text: string, subject?: string): string {
  const plan = planTextMessage(text, subject);
  if ('problem' in plan) return `cannot be sent as SMS/LMS: ${plan.problem}`;
  const bytes = `${measureEucKr(text).bytes} bytes EUC-KR`;
  return plan.type === 'LMS' && plan.subject ? `LMS · ${bytes} · subject "${plan.subject}"` : `${plan.type} · ${bytes}`;
}

function kakaoLines(message: KakaoMessage): string[] {
  const buttons = (message.buttons ?? []).map(
    (button) => `[${button.buttonName}] ${button.linkMo ?? button.linkPc ?? ''}`,
  );
  const variables = Object.entries(templateVariables(message)).map(([name, value]) => `${name}=${value}`);
  if (message.type === 'alimtalk') {
    const fallback = message.fallback === false ? undefined : (message.fallback?.text ?? message.text);
    return [
      `KakaoTalk AlimTalk (알림톡, informational) · template ${message.templateCode}`,
      ...(variables.length > 0 ? [`Variables: ${variables.join(', ')}`] : []),
      ...(buttons.length > 0 ? [`Buttons: ${buttons.join(' · ')}`] : []),
      '',
      message.text,
      '',
      fallback === undefined
        ? 'No SMS replacement (SMS is not the next channel)'
        : `SMS replacement if KakaoTalk cannot deliver it (${textMessageLine(fallback, message.fallback ? message.fallback.subject : undefined)}):`,
      ...(fallback === undefined ? [] : [fallback]),
    ];
  }
  return [
    `KakaoTalk Brand Message (브랜드 메시지, advertising) · ad flag on${message.templateCode ? ` · template ${message.templateCode}` : ' · free-form text'}`,
    'Sent only to recipients who consented to KakaoTalk advertising, never 20:50–08:00 KST',
    ...(buttons.length > 0 ? [`Buttons: ${buttons.join(' · ')}`] : []),
    '',
    message.text,
  ];
}

/**
 * The body of a previewed message as the customer's carrier shows it: SMS/LMS with its EUC-KR size and type, a
 * KakaoTalk body read as AlimTalk or Brand Message after the policy's KakaoTalk rules (with `next`, the channel the
 * message falls back to), anything else as rendered.
 */
export function previewBody(rendered: RenderedMessage, next: string | undefined): string[] {
  if (rendered.channel === 'sms')
    return [textMessageLine(rendered.body, rendered.subject), '', rendered.body.trimEnd()];
  if (rendered.channel !== 'kakao') {
    const subject = rendered.subject === undefined ? [] : [`Subject: ${rendered.subject}`];
    return [...subject, '', rendered.body.trimEnd()];
  }
  const checked = applyKakaoRules(rendered, next);
  if ('problem' in checked) return ['', `Refused by the policy: ${checked.problem}`];
  return kakaoLines(parseKakaoMessage(checked));
}
