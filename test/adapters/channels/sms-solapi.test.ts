import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SolapiSmsSender } from '../../../adapters/channels/sms-solapi.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import type { RenderedMessage } from '../../../core/ports/messaging.ts';
import { renderedMessage } from './messages.ts';
import { type SolapiFake, startSolapiFake } from './solapi-fake.ts';

const phone = '+821098765432';

let fake: SolapiFake;
beforeAll(async () => {
  fake = await startSolapiFake();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const sender = () =>
  new SolapiSmsSender({
    apiKey: fake.apiKey,
    apiSecret: fake.apiSecret,
    baseUrl: fake.url,
    from: '1588-0000',
    now: () => fake.now,
  });

const sms = (body: string, subject?: string): RenderedMessage =>
  renderedMessage({ channel: 'sms', category: 'transactional', template: 'order-shipped', subject, body });

async function sendError(send: Promise<unknown>): Promise<ChannelSendError> {
  const failure = await send.catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(ChannelSendError);
  return failure as ChannelSendError;
}

const sent = () => fake.requests.map((request) => request.body.messages[0]);

describe('SolapiSmsSender', () => {
  it('sends 90 EUC-KR bytes as an SMS, without the subject, to the domestic form of the number', async () => {
    const ninety = `${'가'.repeat(40)}[샵] 12345`;
    const result = await sender().send(sms(ninety, '배송 안내'), phone);

    expect(result.providerMessageId).toMatch(/^M4V/);
    expect(sent()).toEqual([
      {
        to: '01098765432',
        from: '15880000',
        type: 'SMS',
        text: ninety,
        customFields: { messageId: 'cart:3f1c:reminded:1' },
      },
    ]);
    expect(fake.reports).toEqual([expect.objectContaining({ type: 'SMS', statusCode: '4000' })]);
  });

  it('sends 91 EUC-KR bytes as an LMS with its subject', async () => {
    const ninetyOne = `${'가'.repeat(40)}[샵] 123456`;
    await sender().send(sms(ninetyOne, '배송 안내'), phone);

    expect(sent()[0]).toMatchObject({ type: 'LMS', text: ninetyOne, subject: '배송 안내' });
  });

  it('sends a promotional text with the label and opt-out line the policy added', async () => {
    const labelled = '(광고)예시샵\n주말 특가 20% 할인\n연락처 02-000-0000\n무료수신거부 080-000-0000';
    await sender().send({ ...sms(labelled), category: 'promotional' }, phone);

    expect(sent()[0]).toMatchObject({ type: 'SMS', text: labelled });
  });

  it('refuses a text over 2,000 bytes, with emoji, or with a subject over 40 bytes before calling the provider', async () => {
    const tooLong = await sendError(sender().send(sms('가'.repeat(1001)), phone));
    expect(tooLong.message).toContain('the text is 2002 bytes; an LMS holds at most 2000');
    const emoji = await sendError(sender().send(sms('주문 완료 ✅'), phone));
    expect(emoji.message).toContain('U+2705');
    const subject = await sendError(sender().send(sms('가'.repeat(46), '가'.repeat(21)), phone));
    expect(subject.message).toContain('an LMS subject is at most 40 bytes (got 42)');
    expect([tooLong, emoji, subject].every((error) => !error.transient)).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a number outside Korea without repeating it', async () => {
    const error = await sendError(sender().send(sms('주문 완료'), '+12125551234'));
    expect(error.message).toContain('not a Korean phone number');
    expect(error.message).not.toContain('2125551234');
  });

  it('refuses a message for another channel', async () => {
    const error = await sendError(sender().send({ ...sms('x'), channel: 'email' }, phone));
    expect(error.message).toContain('got a email message');
  });
});
