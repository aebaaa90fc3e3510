import { describe, expect, it } from 'vitest';
import { applyAdvertisingRules } from '../../../core/content/advertising.ts';
import { AdvertisingRulesError } from '../../../core/errors.ts';
import type { RenderedMessage } from '../../../core/ports/messaging.ts';
import { policy } from '../../../journeys/policy.ts';

const sender = { name: '예시몰', contact: '02-000-0000', optOut: '080-000-0000' };
const kr = policy.countryRules.KR;
const email: RenderedMessage = {
  messageId: 'cart:3f1c:reminded:1',
  channel: 'email',
  category: 'promotional',
  template: 'cart-reminder',
  subject: '장바구니에 담아 두신 상품이 기다리고 있어요',
  body: '<html><body><p>장바구니를 확인해 보세요</p></body></html>',
};
const sms: RenderedMessage = { ...email, channel: 'sms', subject: undefined, body: '장바구니를 확인해 보세요' };

describe('applyAdvertisingRules', () => {
  it('prefixes a KR promotional email subject with (광고) and the sender name, and adds contact and opt-out', () => {
    const labelled = applyAdvertisingRules(email, { country: 'KR' }, kr, sender);

    expect(labelled.subject).toBe('(광고)예시몰 장바구니에 담아 두신 상품이 기다리고 있어요');
    expect(labelled.body).toBe(
      '<html><body><p>장바구니를 확인해 보세요</p>' +
        '<p class="advertising-footer">연락처 02-000-0000<br>무료수신거부 080-000-0000</p>\n</body></html>',
    );
  });

  it('escapes the sender details it puts into HTML', () => {
    const labelled = applyAdvertisingRules(email, { country: 'KR' }, kr, { ...sender, contact: '<a>&' });
    expect(labelled.body).toContain('연락처 &lt;a&gt;&amp;');
  });

  it('appends the footer to an email body without a closing body tag', () => {
    const labelled = applyAdvertisingRules({ ...email, body: '<p>Hi</p>' }, { country: 'KR' }, kr, sender);
    expect(labelled.body).toMatch(/^<p>Hi<\/p>\n<p class="advertising-footer">/);
  });

  it('starts a KR promotional SMS with the label and sender, and ends it with the contact and a free opt-out line', () => {
    const labelled = applyAdvertisingRules(sms, { country: 'KR' }, kr, sender);
    expect(labelled.body).toBe('(광고)예시몰\n장바구니를 확인해 보세요\n연락처 02-000-0000\n무료수신거부 080-000-0000');
  });

  it('labels the text field of a push or kakao JSON payload and keeps the rest', () => {
    const kakao = { ...sms, channel: 'kakao' as const, body: '{"templateCode":"cart","text":"장바구니"}' };
    const labelled = applyAdvertisingRules(kakao, { country: 'KR' }, kr, sender);
    expect(JSON.parse(labelled.body)).toEqual({
      templateCode: 'cart',
      text: '(광고)예시몰\n장바구니\n연락처 02-000-0000\n무료수신거부 080-000-0000',
    });
  });

  it('refuses a promotional JSON payload without a text field rather than send it unlabelled', () => {
    const push = { ...sms, channel: 'push' as const, body: '{"title":"Sale"}' };
    expect(() => applyAdvertisingRules(push, { country: 'KR' }, kr, sender)).toThrow(/"text" field/);
  });

  it('leaves a transactional KR message unchanged', () => {
    const confirmation = { ...email, category: 'transactional' as const, template: 'order-confirmation' };
    expect(applyAdvertisingRules(confirmation, { country: 'KR' }, kr, sender)).toBe(confirmation);
  });

  it('links the one-click unsubscribe as the free opt-out of a KR promotional email', () => {
    const unsubscribeUrl = 'https://u.example/?t=AQE&l=ko';
    const labelled = applyAdvertisingRules(email, { country: 'KR' }, kr, sender, { unsubscribeUrl });
    expect(labelled.body).toContain(
      '연락처 02-000-0000<br>무료수신거부 <a href="https://u.example/?t=AQE&amp;l=ko">수신거부(Unsubscribe)</a></p>',
    );
  });

  it('refuses a KR promotional SMS when no free opt-out number is configured, rather than send it without one', () => {
    expect(() => applyAdvertisingRules(sms, { country: 'KR' }, kr, { ...sender, optOut: '' })).toThrow(
      AdvertisingRulesError,
    );
  });

  it("ends a US promotional email with the sender's postal address and the unsubscribe link (CAN-SPAM)", () => {
    const english = { ...email, subject: 'Your cart is waiting', body: '<html><body><p>Hi</p></body></html>' };
    const unsubscribeUrl = 'https://u.example/?t=AQE&l=en';
    const withAddress = {
      ...sender,
      name: 'Example Shop',
      postalAddress: '100 Example St, Springfield, IL 62701, USA',
    };
    const labelled = applyAdvertisingRules(english, { country: 'US' }, policy.countryRules.US, withAddress, {
      unsubscribeUrl,
    });
    expect(labelled.subject).toBe('Your cart is waiting');
    expect(labelled.body).toBe(
      '<html><body><p>Hi</p><p class="advertising-footer">Example Shop · 100 Example St, Springfield, IL 62701, USA' +
        '<br>No more of these emails? <a href="https://u.example/?t=AQE&amp;l=en">Unsubscribe</a></p>\n</body></html>',
    );
  });

  it('refuses a US promotional email without a postal address, and falls back to the opt-out route without a link', () => {
    const us = policy.countryRules.US;
    expect(() => applyAdvertisingRules(email, { country: 'US' }, us, sender)).toThrow(/postal address/);
    const withAddress = { ...sender, postalAddress: 'PO Box 1, Springfield' };
    expect(applyAdvertisingRules(email, { country: 'US' }, us, withAddress).body).toContain(
      'No more of these emails? 080-000-0000</p>',
    );
    expect(() => applyAdvertisingRules(email, { country: 'US' }, us, { ...withAddress, optOut: '' })).toThrow(
      /unsubscribe link/,
    );
  });

  it('leaves promotional SMS to the US, and messages to countries without rules, unchanged', () => {
    expect(applyAdvertisingRules(sms, { country: 'US' }, policy.countryRules.US, sender)).toBe(sms);
    expect(applyAdvertisingRules(email, { country: 'DE' }, undefined, sender)).toBe(email);
    expect(applyAdvertisingRules(sms, {}, undefined, sender)).toBe(sms);
  });

  it('words the footer in English for a labelled country other than KR', () => {
    const labelled = applyAdvertisingRules(sms, { country: 'XX' }, { advertisingLabel: '[AD]' }, sender);
    expect(labelled.body).toBe('[AD]예시몰\n장바구니를 확인해 보세요\nContact 02-000-0000\nFree opt-out 080-000-0000');
  });
});
