import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocalDeliveries } from '../../cli/why/deliveries.ts';
import { deliveryText, timeText } from '../../cli/why/format.ts';

const pseudonym = 'c'.repeat(64);

describe('npm run why: what delivery made of a message', () => {
  it('shows the channel that took the message and the ones that gave way before it, without the number', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'why-deliveries-')), 'events.jsonl');
    const sent = {
      'detail-type': 'message.sent',
      detail: {
        pseudonym,
        messageId: 'purchase:c:orderConfirmation:1',
        channel: 'sms',
        at: '2026-11-23T01:00:00.000Z',
        fellBackFrom: ['kakao'],
        fallbackCauses: ['kakao: SOLAPI refused the message: status 3034 수신번호 010-9876-5432'],
      },
    };
    writeFileSync(path, `${JSON.stringify(sent)}\n`);

    const [outcome] = await readLocalDeliveries(path, pseudonym);

    expect(deliveryText(outcome)).toBe(
      `handed to the provider on sms at ${timeText('2026-11-23T01:00:00.000Z')}` +
        ' after kakao gave way (kakao: SOLAPI refused the message: status 3034 수신번호 ***)',
    );
  });

  it('says a message failed on its last channel after the others gave way', () => {
    const text = deliveryText({
      messageId: 'm',
      status: 'failed',
      at: '2026-11-23T01:00:00.000Z',
      channel: 'email',
      error: 'bounced',
      fellBackFrom: ['kakao', 'sms'],
    });
    expect(text).toMatch(/^FAILED on email at .*: bounced after kakao, then sms gave way$/);
  });
});
