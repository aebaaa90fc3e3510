import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { previewBody } from '../../cli/preview-body.ts';
import type { RenderedMessage } from '../../core/ports/messaging.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const preview = async (...args: string[]) =>
  (await promisify(execFile)(process.execPath, ['cli/preview.ts', ...args], { cwd: root })).stdout;

const kakao = (body: unknown, category: RenderedMessage['category']): RenderedMessage => ({
  messageId: 'm-1',
  channel: 'kakao',
  category,
  template: 'order-confirmation',
  body: JSON.stringify(body),
});
const alimtalk = { type: 'alimtalk', templateCode: 'ORDER_CONFIRMED_KO', text: '주문이 완료되었습니다.' };

describe('npm run preview for the Korean channels', () => {
  it('shows a promotional Brand Message with the advertising label, the sender and the free opt-out', async () => {
    const out = await preview('cart-reminder', '--channel', 'kakao', '--locale', 'ko', '--country', 'KR');
    expect(out).toContain('KakaoTalk Brand Message (브랜드 메시지, advertising) · ad flag on');
    expect(out).toMatch(/\n\(광고\)Example Shop\n지민님, 장바구니에/);
    expect(out.trimEnd().endsWith('무료수신거부 080-000-0000')).toBe(true);
  });

  it('shows an AlimTalk with its template code and the SMS replacement when SMS comes next', () => {
    const lines = previewBody(kakao(alimtalk, 'transactional'), 'sms');
    expect(lines[0]).toBe('KakaoTalk AlimTalk (알림톡, informational) · template ORDER_CONFIRMED_KO');
    expect(lines.slice(-2)).toEqual([
      'SMS replacement if KakaoTalk cannot deliver it (SMS · 22 bytes EUC-KR):',
      '주문이 완료되었습니다.',
    ]);
    expect(previewBody(kakao(alimtalk, 'transactional'), 'email').at(-1)).toBe(
      'No SMS replacement (SMS is not the next channel)',
    );
  });

  it('shows what the policy refuses instead of a message, such as a promotional AlimTalk', () => {
    expect(previewBody(kakao(alimtalk, 'promotional'), undefined)).toEqual([
      '',
      'Refused by the policy: AlimTalk carries informational messages only; send promotional ones as a Brand Message',
    ]);
  });

  it('sizes a text message in EUC-KR bytes: SMS up to 90, LMS with its subject beyond', () => {
    const sms = (body: string, subject?: string): RenderedMessage => ({
      messageId: 'm-2',
      channel: 'sms',
      category: 'promotional',
      template: 'win-back',
      body,
      ...(subject ? { subject } : {}),
    });
    expect(previewBody(sms('가'.repeat(45), '제목'), undefined)[0]).toBe('SMS · 90 bytes EUC-KR');
    expect(previewBody(sms('가'.repeat(46), '제목'), undefined)[0]).toBe('LMS · 92 bytes EUC-KR · subject "제목"');
    expect(previewBody(sms('배송 🚚'), undefined)[0]).toContain('cannot be sent as SMS/LMS');
  });
});
