import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LiquidTemplateRenderer } from '../../../adapters/templates/liquid-renderer.ts';
import { listTemplates, listVersions, templateFile } from '../../../adapters/templates/template-files.ts';
import { applyAdvertisingRules } from '../../../core/content/advertising.ts';
import { everyChannelOf, type MessageVariables, templateVersions } from '../../../core/customer/messages.ts';
import { TemplateError } from '../../../core/errors.ts';
import { journeyDefinitions, policy } from '../../../journeys/index.ts';
import { deliveryRequest, shop, templatesDir } from './fixtures.ts';

const dir = fileURLToPath(new URL('../../../journeys/templates/', import.meta.url));
const samples = JSON.parse(readFileSync(join(dir, 'samples.json'), 'utf8')) as Record<
  string,
  Record<string, MessageVariables[string]>
>;
const LOCALES = ['en', 'ko'] as const;
const renderer = new LiquidTemplateRenderer({ templatesDir: dir, shop });

const declared = journeyDefinitions.flatMap((journey) =>
  Object.entries(journey.messages).flatMap(([name, declared]) =>
    templateVersions(declared).map((spec) => ({ journey, name, spec })),
  ),
);
const cases = declared.flatMap((message) =>
  everyChannelOf(message.spec.channels).flatMap((channel) =>
    LOCALES.map((locale) => ({ ...message, channel, locale })),
  ),
);

function requestFor(entry: (typeof cases)[number], fill: (variable: string) => MessageVariables[string]) {
  const variables: MessageVariables = {};
  for (const variable of entry.spec.variables ?? []) variables[variable] = fill(variable);
  return deliveryRequest({
    journeyId: entry.journey.id,
    message: entry.name,
    template: entry.spec.template,
    channel: entry.channel,
    category: entry.spec.category,
    locale: entry.locale,
    variables,
  });
}

describe('journey message templates (DESIGN.md §9)', () => {
  it.each(cases)(
    '$journey.id/$name: $spec.template $channel renders in $locale with its declared variables',
    async (entry) => {
      const sample = samples[entry.locale] ?? {};
      const request = requestFor(entry, (variable) => {
        expect(sample, `journeys/templates/samples.json has no ${entry.locale} sample for ${variable}`).toHaveProperty(
          variable,
        );
        return sample[variable] as MessageVariables[string];
      });
      expect(await renderer.resolvedLocale(entry.spec.template, entry.channel, entry.locale)).toBe(entry.locale);

      const named = await renderer.render(request, { firstName: String(sample.firstName) });
      const anonymous = await renderer.render(request, {});

      for (const rendered of [named, anonymous]) {
        expect(rendered.body.trim()).not.toBe('');
        expect(rendered.body).not.toMatch(/undefined|null|NaN|\{\{|\{%/);
        if (entry.channel === 'email') expect(rendered.subject).toMatch(/\S/);
      }
      expect(`${named.subject ?? ''}${named.body}`).toContain(String(sample.firstName));
    },
  );

  it.each(cases)(
    '$journey.id/$name: $spec.template $channel renders in $locale when every variable is null',
    async (entry) => {
      const rendered = await renderer.render(
        requestFor(entry, () => null),
        {},
      );
      expect(rendered.body).not.toMatch(/undefined|null|NaN/);
    },
  );

  it('has a folder for every declared template and no template that no journey declares', async () => {
    const declaredTemplates = new Set(declared.map(({ spec }) => spec.template));
    expect(await listTemplates(dir)).toEqual([...declaredTemplates].sort());
    for (const template of declaredTemplates) {
      const channels = new Set(
        declared.filter(({ spec }) => spec.template === template).flatMap(({ spec }) => everyChannelOf(spec.channels)),
      );
      for (const version of await listVersions(dir, template)) expect(channels).toContain(version.channel);
    }
  });

  it('keeps the PCCC, masked or not, out of every promotional template, generic versions included', async () => {
    const promotional = new Set(declared.filter(({ spec }) => spec.category === 'promotional').map(({ spec }) => spec));
    let read = 0;
    for (const spec of promotional) {
      expect(spec.variables ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/pccc/i)]));
      for (const version of await listVersions(dir, spec.template)) {
        const source = readFileSync(templateFile(dir, spec.template, version.channel, version.locale), 'utf8');
        expect(source, `${spec.template}/${version.channel}.${version.locale}`).not.toMatch(/pccc|통관고유부호/i);
        read += 1;
      }
    }
    expect(read).toBeGreaterThan(10);
  });

  it('labels the KR version of a promotional template and leaves the transactional one alone', async () => {
    const sender = { name: 'Example Shop', contact: '02-000-0000', optOut: '080-000-0000' };
    const koreanEmail = (category: string) => (entry: (typeof cases)[number]) =>
      entry.spec.category === category && entry.locale === 'ko' && entry.channel === 'email';
    const promotional = cases.find(koreanEmail('promotional'));
    const transactional = cases.find(koreanEmail('transactional'));
    const fill = (variable: string) => samples.ko?.[variable] ?? null;
    for (const [entry, labelled] of [
      [promotional, true],
      [transactional, false],
    ] as const) {
      const rendered = await renderer.render(requestFor(entry!, fill), {});
      const sent = applyAdvertisingRules(rendered, { country: 'KR' }, policy.countryRules.KR, sender);
      expect(sent.subject?.startsWith('(광고)Example Shop ')).toBe(labelled);
      expect(sent.body.includes('무료수신거부 080-000-0000')).toBe(labelled);
    }
  });

  it('fails the definition test, not a delivery, when a template uses a variable its message does not declare', async () => {
    const badDir = templatesDir({
      'cart-reminder/email.en.liquid': 'subject: Your cart\n---\n<p>Use {{ couponCode }} for {{ cartValue }}</p>',
    });
    const bad = new LiquidTemplateRenderer({ templatesDir: badDir, shop });
    const entry = cases.find(
      (candidate) =>
        candidate.spec.template === 'cart-reminder' && candidate.locale === 'en' && candidate.channel === 'email',
    );

    const failure = await bad
      .render(
        requestFor(entry!, (variable) => samples.en?.[variable] ?? null),
        {},
      )
      .catch((e) => e);

    expect(failure).toBeInstanceOf(TemplateError);
    expect((failure as TemplateError).message).toContain('undeclared variable(s) couponCode');
  });
});
