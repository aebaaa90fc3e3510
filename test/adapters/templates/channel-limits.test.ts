import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LiquidTemplateRenderer } from '../../../adapters/templates/liquid-renderer.ts';
import { applyAdvertisingRules } from '../../../core/content/advertising.ts';
import {
  alimtalkFallback,
  KAKAO_TEXT_MAX_CHARS,
  kakaoCategoryProblem,
  parseKakaoMessage,
  promotionalWordingIn,
} from '../../../core/content/kakao-message.ts';
import { planTextMessage } from '../../../core/content/sms-length.ts';
import { everyChannelOf, type MessageSpec, type MessageVariables } from '../../../core/customer/messages.ts';
import { journeyDefinitions, policy } from '../../../journeys/index.ts';
import { deliveryRequest, shop } from './fixtures.ts';

/**
 * Definition tests for the Korean channels of the journey templates (issue 15): every SMS and KakaoTalk version
 * rendered with the sample values, labelled as a KR recipient gets it, and checked against what the carrier takes.
 */
const dir = fileURLToPath(new URL('../../../journeys/templates/', import.meta.url));
const samples = JSON.parse(readFileSync(join(dir, 'samples.json'), 'utf8')) as Record<
  string,
  Record<string, MessageVariables[string]>
>;
const renderer = new LiquidTemplateRenderer({ templatesDir: dir, shop });
const sender = { name: 'Example Shop', contact: '02-000-0000', optOut: '080-000-0000' };

const cases = journeyDefinitions.flatMap((journey) =>
  Object.entries(journey.messages).flatMap(([name, spec]: [string, MessageSpec]) =>
    everyChannelOf(spec.channels).flatMap((channel) =>
      (['ko', 'en'] as const).map((locale) => ({ journey: journey.id, name, spec, channel, locale })),
    ),
  ),
);
const smsCases = cases.filter((entry) => entry.channel === 'sms');
const kakaoCases = cases.filter((entry) => entry.channel === 'kakao');

/** The message as a KR recipient gets it: rendered with the samples, then the advertising rules. */
async function renderedForKorea(entry: (typeof cases)[number]) {
  const variables: MessageVariables = {};
  for (const variable of entry.spec.variables ?? []) variables[variable] = samples[entry.locale]?.[variable] ?? null;
  const request = deliveryRequest({
    journeyId: entry.journey,
    message: entry.name,
    template: entry.spec.template,
    channel: entry.channel,
    category: entry.spec.category,
    locale: entry.locale,
    variables,
  });
  const rendered = await renderer.render(request, { firstName: String(samples[entry.locale]?.firstName) });
  return applyAdvertisingRules(rendered, { country: 'KR' }, policy.countryRules.KR, sender);
}

/** Notices whose content the law sets (what changed, when, how to change it again): they may need an LMS. */
const LEGAL_NOTICES = new Set(['consent-receipt', 'consent-reconfirmation']);

describe('SMS templates, in EUC-KR bytes as Korean carriers count them', () => {
  it('has SMS versions to check', () => expect(smsCases.length).toBeGreaterThan(0));

  it.each(smsCases)('$journey/$name: $spec.template sms.$locale fits an SMS or an LMS once labelled', async (entry) => {
    const sent = await renderedForKorea(entry);
    const plan = planTextMessage(sent.body, sent.subject);
    if ('problem' in plan) expect.fail(plan.problem);
    if (entry.spec.category === 'transactional' && !LEGAL_NOTICES.has(entry.spec.template)) {
      expect(plan.type).toBe('SMS');
    }
    if (plan.type === 'LMS' && sent.subject !== undefined) expect(plan.subject).toBe(sent.subject);
  });

  it('a promotional SMS carries the label, the sender and the free 080 opt-out', async () => {
    const entry = smsCases.find((candidate) => candidate.spec.category === 'promotional' && candidate.locale === 'ko');
    const sent = await renderedForKorea(entry!);
    expect(sent.body.startsWith('(광고)Example Shop\n')).toBe(true);
    expect(sent.body.endsWith('\n무료수신거부 080-000-0000')).toBe(true);
  });
});

describe('KakaoTalk templates: AlimTalk informs, Brand Messages advertise', () => {
  it('has KakaoTalk versions of both kinds to check', () => {
    const categories = new Set(kakaoCases.map((entry) => entry.spec.category));
    expect([...categories].sort()).toEqual(['promotional', 'transactional']);
  });

  it.each(kakaoCases)('$journey/$name: $spec.template kakao.$locale suits a $spec.category message', async (entry) => {
    const sent = await renderedForKorea(entry);
    const message = parseKakaoMessage(sent);
    expect(kakaoCategoryProblem(message, entry.spec.category)).toBeUndefined();
    expect(message.text.length).toBeLessThanOrEqual(KAKAO_TEXT_MAX_CHARS);
    if (message.type === 'brand') {
      expect(message.text.startsWith('(광고)Example Shop\n')).toBe(true);
      expect(message.text).toContain('무료수신거부 080-000-0000');
    }
  });

  const alimtalkCases = kakaoCases.filter((entry) => entry.spec.category === 'transactional');
  it.each(alimtalkCases)(
    '$journey/$name: AlimTalk $spec.template kakao.$locale has no promotional wording, shows every template variable, and its SMS fallback fits',
    async (entry) => {
      const message = parseKakaoMessage(await renderedForKorea(entry));
      const fallback = message.fallback === false ? undefined : message.fallback?.text;
      expect(promotionalWordingIn([message.text, fallback ?? ''].join('\n'))).toEqual([]);
      expect(promotionalWordingIn(JSON.stringify(message.buttons ?? []))).toEqual([]);
      const variables = Object.entries(message.variables ?? {});
      expect(variables.length).toBeGreaterThan(0);
      for (const [name, value] of variables) expect(message.text, `#{${name}}`).toContain(value);
      const plan = alimtalkFallback(message);
      expect(plan).not.toHaveProperty('problem');
      expect(plan).toMatchObject({ type: 'SMS' });
    },
  );
});
