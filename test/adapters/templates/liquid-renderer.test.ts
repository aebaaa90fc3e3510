import { describe, expect, it } from 'vitest';
import { LiquidTemplateRenderer } from '../../../adapters/templates/liquid-renderer.ts';
import { TemplateError } from '../../../core/errors.ts';
import { deliveryRequest, shop, templatesDir } from './fixtures.ts';

const renderer = (files: Record<string, string>) =>
  new LiquidTemplateRenderer({ templatesDir: templatesDir(files), shop });

const greetings = {
  'greeting/sms.en.liquid': 'Hello {{ firstName | default: "there" }}, {{ itemCount }} items at {{ shopName }}',
  'greeting/sms.ko.liquid': '{{ firstName | default: "고객" }}님, 상품 {{ itemCount }}개',
};

async function renderError(promise: Promise<unknown>): Promise<TemplateError> {
  const failure = await promise.catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(TemplateError);
  return failure as TemplateError;
}

describe('LiquidTemplateRenderer', () => {
  it('renders the requested locale with the message variables and the first name', async () => {
    const rendered = await renderer(greetings).render(deliveryRequest({ locale: 'ko', variables: { itemCount: 2 } }), {
      firstName: '지민',
    });
    expect(rendered).toEqual({
      messageId: 'cart:3f1c:reminded:1',
      channel: 'sms',
      category: 'promotional',
      template: 'greeting',
      body: '지민님, 상품 2개',
    });
  });

  it('falls back from a regional locale to its language, and from an unknown locale to en', async () => {
    const templates = renderer(greetings);
    const message = (locale?: string) =>
      deliveryRequest({ variables: { itemCount: 1 }, ...(locale ? { locale } : {}) });

    expect((await templates.render(message('ko-KR'), {})).body).toBe('고객님, 상품 1개');
    expect((await templates.render(message('ja'), {})).body).toBe('Hello there, 1 items at Example Shop');
    expect((await templates.render(message(), {})).body).toBe('Hello there, 1 items at Example Shop');
    expect(await templates.resolvedLocale('greeting', 'sms', 'ko-KR')).toBe('ko');
  });

  it('fails with a TemplateError for a missing template, channel or an unsafe name', async () => {
    const templates = renderer(greetings);
    const missing = await renderError(templates.render(deliveryRequest({ template: 'nope' }), {}));
    expect(missing.message).toBe('Template "nope": no sms version for locale en');
    expect((await renderError(templates.render(deliveryRequest({ channel: 'email', locale: 'ko' }), {}))).message).toBe(
      'Template "greeting": no email version for locale ko → en',
    );
    await renderError(templates.render(deliveryRequest({ template: '../greeting' }), {}));
  });

  it('splits an email into subject and HTML body, escaping variables in the HTML only', async () => {
    const templates = renderer({
      'greeting/email.en.liquid': 'subject: News for {{ firstName }} & co\n---\n<p>{{ category }}</p>\n',
    });
    const rendered = await templates.render(
      deliveryRequest({ channel: 'email', variables: { category: '<b>shoes</b>' } }),
      { firstName: 'A&B' },
    );
    expect(rendered.subject).toBe('News for A&B & co');
    expect(rendered.body).toBe('<p>&lt;b&gt;shoes&lt;/b&gt;</p>\n');
  });

  it('refuses an email template without the subject line and separator', async () => {
    const templates = renderer({ 'greeting/email.en.liquid': '<p>No subject</p>' });
    const error = await renderError(templates.render(deliveryRequest({ channel: 'email' }), {}));
    expect(error.message).toContain('"subject: …" line followed by a "---" line');
  });

  it('escapes variables inside JSON strings of push and kakao payloads, and requires a JSON object', async () => {
    const templates = renderer({
      'greeting/kakao.en.liquid': '{ "text": "Hi {{ firstName }}, see {{ category }}" }',
      'greeting/push.en.liquid': 'Hi {{ firstName }}',
    });
    const kakao = await templates.render(deliveryRequest({ channel: 'kakao', variables: { category: 'a "b"\n' } }), {
      firstName: 'Jo',
    });
    expect(JSON.parse(kakao.body)).toEqual({ text: 'Hi Jo, see a "b"\n' });
    await renderError(templates.render(deliveryRequest({ channel: 'push' }), { firstName: 'Jo' }));
  });

  it('formats money in the locale of the template with the money filter', async () => {
    const templates = renderer({
      'price/sms.en.liquid': '{{ cartValue | money: currency }}',
      'price/email.ko.liquid':
        'subject: {{ cartValue | money: currency }}\n---\n{{ none | money: currency }}|{{ cartValue | money }}',
    });
    const en = deliveryRequest({ template: 'price', variables: { cartValue: 89.5, currency: 'USD' } });
    const ko = deliveryRequest({
      template: 'price',
      channel: 'email',
      locale: 'ko',
      variables: { cartValue: 129000, currency: 'KRW', none: null },
    });
    expect((await templates.render(en, {})).body).toBe('$89.50');
    const email = await templates.render(ko, {});
    expect([email.subject, email.body]).toEqual(['₩129,000', '|129,000']);
  });

  it('writes the won sign as the fullwidth ￦ in SMS and KakaoTalk texts, which EUC-KR can carry', async () => {
    const templates = renderer({
      'price/sms.ko.liquid': '{{ cartValue | money: currency }}',
      'price/kakao.ko.liquid': '{ "text": "{{ cartValue | money: currency }}" }',
    });
    const variables = { cartValue: 129000, currency: 'KRW' };
    const sms = deliveryRequest({ template: 'price', locale: 'ko', variables });
    const kakao = deliveryRequest({ template: 'price', channel: 'kakao', locale: 'ko', variables });
    expect((await templates.render(sms, {})).body).toBe('￦129,000');
    expect(JSON.parse((await templates.render(kakao, {})).body)).toEqual({ text: '￦129,000' });
  });

  it('takes an LMS title from an SMS template that starts with a subject line', async () => {
    const templates = renderer({ 'news/sms.ko.liquid': 'subject: {{ shopName }} 소식\n---\n새 상품이 들어왔어요' });
    const rendered = await templates.render(deliveryRequest({ template: 'news', locale: 'ko' }), {});
    expect([rendered.subject, rendered.body]).toEqual(['Example Shop 소식', '새 상품이 들어왔어요']);
  });

  it('catches a variable the message does not declare, even in a branch this render does not take', async () => {
    const templates = renderer({ 'greeting/sms.en.liquid': '{% if itemCount > 5 %}{{ couponCode }}{% endif %}Hi' });
    const error = await renderError(templates.render(deliveryRequest({ variables: { itemCount: 1 } }), {}));
    expect(error.message).toContain('uses undeclared variable(s) couponCode');
  });

  it('turns an unknown filter or a syntax error into a TemplateError', async () => {
    const templates = renderer({
      'greeting/sms.en.liquid': '{{ itemCount | shout }}',
      'broken/sms.en.liquid': '{% if itemCount %}never closed',
    });
    expect(
      (await renderError(templates.render(deliveryRequest({ variables: { itemCount: 1 } }), {}))).message,
    ).toContain('undefined filter: shout');
    await renderError(templates.render(deliveryRequest({ template: 'broken', variables: { itemCount: 1 } }), {}));
  });

  it('never gives a promotional template the PCCC, even when a caller passes it', async () => {
    const templates = renderer({ 'customs/sms.en.liquid': 'Customs code {{ pccc }}' });
    const promotional = deliveryRequest({ template: 'customs', category: 'promotional' });
    const personal = { firstName: 'Jo', pccc: 'P123456789012' } as { firstName: string };

    const error = await renderError(templates.render(promotional, personal));
    expect(error.message).toBe('Template "customs": a promotional message may never use pccc');
    const declared = deliveryRequest({ template: 'customs', variables: { pccc: 'P********012' } });
    await renderError(templates.render(declared, {}));
  });

  it('never gives a promotional template the masked PCCC either', async () => {
    const templates = renderer({ 'customs/sms.en.liquid': 'Customs code {{ maskedPccc }}' });
    const promotional = deliveryRequest({ template: 'customs', variables: { maskedPccc: 'P********012' } });
    const error = await renderError(templates.render(promotional, {}));
    expect(error.message).toBe('Template "customs": a promotional message may never use maskedPccc');
  });

  it('lets a transactional template show the masked PCCC its message declares', async () => {
    const templates = renderer({ 'customs/sms.en.liquid': 'Customs code {{ pccc }}' });
    const message = deliveryRequest({
      template: 'customs',
      category: 'transactional',
      variables: { pccc: 'P********012' },
    });
    expect((await templates.render(message, {})).body).toBe('Customs code P********012');
  });

  it('tells whether a template asks for the first name, so it is decrypted only when needed', async () => {
    const templates = renderer({ ...greetings, 'plain/sms.en.liquid': 'Your order shipped' });
    expect(await templates.asksForFirstName({ template: 'greeting', channel: 'sms', locale: 'en' })).toBe(true);
    expect(await templates.asksForFirstName({ template: 'plain', channel: 'sms' })).toBe(false);
  });

  it('renders a missing first name as null so the default filter applies', async () => {
    const templates = renderer({ 'greeting/sms.en.liquid': 'Hi {{ firstName | default: "there" }}' });
    expect((await templates.render(deliveryRequest(), {})).body).toBe('Hi there');
  });
});
