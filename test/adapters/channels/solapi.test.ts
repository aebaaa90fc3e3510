import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KakaoSolapiSender } from '../../../adapters/channels/kakao-solapi.ts';
import { SolapiSmsSender } from '../../../adapters/channels/sms-solapi.ts';
import { koreanPhoneNumber, redactNumbers, solapiAuthorization } from '../../../adapters/channels/solapi.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import { renderedMessage } from './messages.ts';
import { type SolapiFake, startSolapiFake } from './solapi-fake.ts';

const phone = '+821012345678';
const digits = '1012345678';

let fake: SolapiFake;
beforeAll(async () => {
  fake = await startSolapiFake();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const smsSender = (options: { apiSecret?: string; baseUrl?: string; fetch?: typeof fetch; timeoutMs?: number } = {}) =>
  new SolapiSmsSender({
    apiKey: fake.apiKey,
    apiSecret: fake.apiSecret,
    baseUrl: fake.url,
    from: '0212345678',
    now: () => fake.now,
    ...options,
  });

const sms = renderedMessage({ channel: 'sms', category: 'transactional', subject: undefined, body: '주문 완료' });

const alimtalk = renderedMessage({
  channel: 'kakao',
  category: 'transactional',
  subject: undefined,
  body: JSON.stringify({ type: 'alimtalk', templateCode: 'ORDER_DONE', text: '주문이 완료되었습니다.' }),
});

async function smsError(sender = smsSender()): Promise<ChannelSendError> {
  const failure = await sender.send(sms, phone).catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(ChannelSendError);
  const error = failure as ChannelSendError;
  expect(error.message).not.toContain(digits);
  return error;
}

describe('SOLAPI requests', () => {
  it('signs each request with a fresh salt that SOLAPI accepts, never reusing a signature', async () => {
    await smsSender().send(sms, phone);
    await smsSender().send(sms, phone);

    const headers = fake.requests.map((request) => request.headers.authorization as string);
    expect(headers[0]).toMatch(
      /^HMAC-SHA256 apiKey=NCSTESTAPIKEY000, date=2026-11-23T01:00:00Z, salt=[0-9a-f]{32}, signature=[0-9a-f]{64}$/,
    );
    expect(headers[0]).not.toBe(headers[1]);
    expect(fake.reports).toHaveLength(2);
  });

  it('computes the documented signature: HMAC-SHA256 of date + salt under the API secret', () => {
    const header = solapiAuthorization('KEY', 'secret', '2019-07-01T00:41:48Z', 'jqsba2jxjnrjor');
    const signature = createHmac('sha256', 'secret').update('2019-07-01T00:41:48Zjqsba2jxjnrjor').digest('hex');
    expect(header).toBe(
      `HMAC-SHA256 apiKey=KEY, date=2019-07-01T00:41:48Z, salt=jqsba2jxjnrjor, signature=${signature}`,
    );
  });

  it('turns a wrong API secret into a permanent error', async () => {
    const error = await smsError(smsSender({ apiSecret: 'wrong-secret' }));
    expect(error).toMatchObject({ channel: 'sms', transient: false });
    expect(error.message).toContain('SignatureDoesNotMatch (HTTP 401)');
  });
});

describe('SOLAPI errors', () => {
  it('treats 5xx and 429 as transient', async () => {
    fake.reply = { status: 500, body: '{"errorCode":"InternalError","errorMessage":"서버 오류"}' };
    expect((await smsError()).transient).toBe(true);
    fake.reply = { status: 503, body: 'Service Unavailable' };
    expect(await smsError()).toMatchObject({ transient: true, message: expect.stringContaining('(HTTP 503)') });
    fake.reply = { status: 429, body: '{"errorCode":"TooManyRequests","errorMessage":"too many"}' };
    expect((await smsError()).transient).toBe(true);
  });

  it('treats other 4xx as permanent and does not repeat a phone number the provider quotes', async () => {
    fake.reply = {
      status: 400,
      body: JSON.stringify({
        errorCode: 'ValidationError',
        errorMessage: `수신번호 010-1234-5678 형식 오류 (${phone})`,
      }),
    };
    const error = await smsError();
    expect(error.transient).toBe(false);
    expect(error.message).toBe(
      'sms send of cart:3f1c:reminded:1 failed: SOLAPI ValidationError (HTTP 400): 수신번호 [number] 형식 오류 ([number])',
    );
  });

  it('treats a refused registration as permanent, and a balance shortfall as transient', async () => {
    fake.refuse = { statusCode: '1062', statusMessage: '발신번호 미등록' };
    const unregistered = await smsError();
    expect(unregistered.transient).toBe(false);
    expect(unregistered.message).toContain('SOLAPI refused the message: status 1062 발신번호 미등록');
    fake.refuse = { statusCode: '1030', statusMessage: '잔액 부족' };
    expect((await smsError()).transient).toBe(true);
  });

  it('treats a refused connection and a timeout as transient', async () => {
    expect((await smsError(smsSender({ baseUrl: 'http://127.0.0.1:9' }))).transient).toBe(true);
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    expect((await smsError(smsSender({ fetch: hanging, timeoutMs: 20 }))).transient).toBe(true);
  });

  it('reports KakaoTalk registration failures the same way, without the number', async () => {
    fake.refuse = { statusCode: '3105', statusMessage: `미등록 템플릿 (수신 ${phone})` };
    const kakao = new KakaoSolapiSender({
      apiKey: fake.apiKey,
      apiSecret: fake.apiSecret,
      baseUrl: fake.url,
      pfId: 'KA01PF',
      from: '0212345678',
      now: () => fake.now,
    });
    const failure = (await kakao.send(alimtalk, phone).catch((caught: unknown) => caught)) as ChannelSendError;
    expect(failure).toMatchObject({ name: 'ChannelSendError', channel: 'kakao', transient: false });
    expect(failure.message).toContain('status 3105 미등록 템플릿 (수신 [number])');
    expect(failure.message).not.toContain(digits);
  });

  it('refuses plain http except to localhost', () => {
    expect(() => smsSender({ baseUrl: 'http://api.solapi.com' })).toThrow('must use https');
  });
});

describe('Korean phone numbers', () => {
  it('takes E.164 and domestic forms and nothing else', () => {
    expect(koreanPhoneNumber('+821012345678')).toBe('01012345678');
    expect(koreanPhoneNumber('010-1234-5678')).toBe('01012345678');
    expect(koreanPhoneNumber('+82 2 1234 5678')).toBe('0212345678');
    expect(koreanPhoneNumber('+12125551234')).toBeUndefined();
    expect(koreanPhoneNumber('kakao-user-1')).toBeUndefined();
  });

  it('redacts number-like runs from provider texts', () => {
    expect(redactNumbers('to 010-1234-5678 or +821012345678, code 1062')).toBe('to [number] or [number], code 1062');
  });
});
