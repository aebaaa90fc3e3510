import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TokenUnsubscribeLinks } from '../adapters/crypto/unsubscribe-links.ts';
import { UnsubscribeTokens } from '../adapters/crypto/unsubscribe-tokens.ts';
import { LiquidTemplateRenderer } from '../adapters/templates/liquid-renderer.ts';
import { listTemplates, listVersions } from '../adapters/templates/template-files.ts';
import { applyAdvertisingRules } from '../core/content/advertising.ts';
import { channelsFor, everyChannelOf, type MessageVariables, templateVersions } from '../core/customer/messages.ts';
import { TemplateError } from '../core/errors.ts';
import { CHANNELS, type Channel } from '../core/events/schemas.ts';
import type { DeliveryRequest } from '../core/messages/delivery.ts';
import { journeyDefinitions, policy } from '../journeys/index.ts';
import { previewBody } from './preview-body.ts';

const USAGE = `Usage: npm run preview -- <template> [--channel email] [--locale ko] [--country KR] [--var key=value ...]

Prints a journey message as a customer would get it, after the advertising rules of the recipient's country.
Declared variables without --var get sample values from journeys/templates/samples.json.`;

const templatesDir = fileURLToPath(new URL('../journeys/templates/', import.meta.url));
/** Preview-only shop and sender; deployed functions take them from their environment. */
const SAMPLE_SHOP = { name: 'Example Shop', url: 'https://shop.example.com' };
const SAMPLE_SENDER = {
  name: 'Example Shop',
  contact: 'help@shop.example.com',
  optOut: '080-000-0000',
  postalAddress: '100 Example Street, Springfield, IL 62701, USA',
};
/** A real (throwaway-key) one-click link, as delivery puts in every promotional email. */
const SAMPLE_UNSUBSCRIBE = new TokenUnsubscribeLinks({
  tokens: UnsubscribeTokens.fromSecret(randomBytes(32)),
  baseUrl: 'https://unsubscribe.shop.example.com/',
});

class UsageError extends Error {
  override name = 'UsageError';
}

function parseValue(text: string): MessageVariables[string] {
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** The message that uses the template (its own or its generic version), on the given channel when one does. */
function declaringMessage(template: string, channel?: string) {
  const uses = journeyDefinitions.flatMap((journey) =>
    Object.entries(journey.messages).flatMap(([name, declared]) =>
      templateVersions(declared)
        .filter((version) => version.template === template)
        .map((spec) => ({ journey, name, spec })),
    ),
  );
  return uses.find((use) => everyChannelOf(use.spec.channels).some((listed) => listed === channel)) ?? uses[0];
}

async function checkLocale(template: string, channel: Channel, locale: string): Promise<void> {
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(locale))
    throw new UsageError(`--locale must look like ko or en-US, not "${locale}"`);
  const locales = (await listVersions(templatesDir, template))
    .filter((v) => v.channel === channel)
    .map((v) => v.locale);
  if (locales.includes(locale) || locales.includes(locale.split('-')[0] as string)) return;
  throw new UsageError(
    `${template} has no ${locale} version for ${channel} (available: ${locales.join(', ')}); ` +
      `customers with locale ${locale} get the en version`,
  );
}

async function preview(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      channel: { type: 'string' },
      locale: { type: 'string', default: 'en' },
      country: { type: 'string' },
      var: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [template, ...extra] = positionals;
  if (values.help || !template) return USAGE;
  if (extra.length > 0) throw new UsageError(`one template at a time (got ${positionals.join(', ')})`);
  const declared = declaringMessage(template, values.channel);
  if (!declared) {
    const known = (await listTemplates(templatesDir)).join(', ');
    throw new UsageError(`Unknown template "${template}": no journey declares it (templates: ${known})`);
  }
  const country = values.country?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) {
    throw new UsageError(`--country must be an ISO 3166 code like KR, not "${values.country}"`);
  }
  const channel = (values.channel ?? channelsFor(declared.spec.channels, country)[0]) as Channel;
  if (!CHANNELS.includes(channel))
    throw new UsageError(`Unknown channel "${channel}" (channels: ${CHANNELS.join(', ')})`);
  const channels = [...new Set((await listVersions(templatesDir, template)).map((v) => v.channel))];
  if (!channels.includes(channel)) {
    throw new UsageError(`${template} has no ${channel} version (available: ${channels.join(', ') || 'none'})`);
  }
  const locale = values.locale;
  await checkLocale(template, channel, locale);

  const names = declared.spec.variables ?? [];
  const samples = JSON.parse(readFileSync(join(templatesDir, 'samples.json'), 'utf8'));
  const sample: Record<string, MessageVariables[string]> = samples[locale.split('-')[0] as string] ?? samples.en;
  const given = new Map<string, MessageVariables[string]>();
  for (const pair of values.var) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at) : '';
    if (!key) throw new UsageError(`--var takes key=value, not "${pair}"`);
    if (key !== 'firstName' && !names.includes(key)) {
      throw new UsageError(
        `"${key}" is not a variable of ${template} (declared: ${['firstName', ...names].join(', ')})`,
      );
    }
    given.set(key, parseValue(pair.slice(at + 1)));
  }
  const variables: MessageVariables = {};
  for (const name of names)
    variables[name] = given.has(name) ? (given.get(name) ?? null) : (sample[name] ?? `sample-${name}`);
  const firstName = given.has('firstName') ? given.get('firstName') : sample.firstName;

  const message: DeliveryRequest = {
    messageId: `${declared.journey.id}:preview:${declared.name}:1`,
    pseudonym: 'preview',
    journeyId: declared.journey.id,
    version: declared.journey.version,
    entry: 1,
    message: declared.name,
    template,
    channel,
    category: declared.spec.category,
    locale,
    ...(country ? { country } : {}),
    variables,
    decidedAt: new Date().toISOString(),
  };
  const renderer = new LiquidTemplateRenderer({ templatesDir, shop: SAMPLE_SHOP });
  const personal = typeof firstName === 'string' && firstName ? { firstName } : {};
  const unsubscribeUrl =
    message.category === 'promotional' && channel === 'email'
      ? SAMPLE_UNSUBSCRIBE.linkFor('0'.repeat(64), { channel, purpose: 'marketing' }, { now: Date.now(), locale })
      : undefined;
  const rendered = applyAdvertisingRules(
    await renderer.render(message, personal),
    country ? { country } : {},
    country ? policy.countryRules[country] : undefined,
    SAMPLE_SENDER,
    unsubscribeUrl ? { unsubscribeUrl } : {},
  );
  const heading = [
    `${template} · ${channel} · ${await renderer.resolvedLocale(template, channel, locale)} · ${message.category}`,
    `(journey ${declared.journey.id}, message ${declared.name}${country ? `, recipient in ${country}` : ''})`,
  ].join(' ');
  const listed = channelsFor(declared.spec.channels, country);
  const next = listed[listed.indexOf(channel) + 1];
  const unsubscribe = unsubscribeUrl
    ? [`List-Unsubscribe: <${unsubscribeUrl}>`, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click']
    : [];
  const [first, ...rest] = previewBody(rendered, listed.includes(channel) ? next : undefined);
  const body = first?.startsWith('Subject: ')
    ? [first, ...unsubscribe, ...rest]
    : [...unsubscribe, first ?? '', ...rest];
  return [heading, ...body].join('\n');
}

try {
  console.log(await preview(process.argv.slice(2)));
} catch (error) {
  const parseError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  if (error instanceof UsageError || error instanceof TemplateError || parseError) {
    console.error(`preview: ${(error as Error).message}${parseError ? `\n\n${USAGE}` : ''}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
