import { type Context, Liquid, LiquidError, type Template } from 'liquidjs';
import { TRANSACTIONAL_ONLY_VARIABLES } from '../../core/customer/messages.ts';
import { TemplateError } from '../../core/errors.ts';
import type { Channel } from '../../core/events/schemas.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { RenderedMessage, TemplateRenderer } from '../../core/ports/messaging.ts';
import { assertTemplateName, localeCandidates, readTemplateFile, splitEmail, templateFile } from './template-files.ts';

/** Variables every template may use besides its message's `variables`: set by the renderer, never by an event. */
export const SYSTEM_VARIABLES = ['shopName', 'shopUrl', 'locale'] as const;
/** Decrypted at delivery only, and only when the template asks for it. */
export const PERSONAL_VARIABLES = ['firstName'] as const;

export interface LiquidRendererOptions {
  /** Folder of `<template>/<channel>.<locale>.liquid` files (the project's `journeys/templates`). */
  templatesDir: string;
  /** Values of `shopName` and `shopUrl` (no trailing slash). */
  shop: { name: string; url: string };
}

interface CompiledTemplate {
  locale: string;
  engine: Liquid;
  subject?: Template[];
  /** Renders the subject: plain text, with the EUC-KR won sign for an LMS title. */
  subjectEngine: Liquid;
  body: Template[];
  /** Root names of every variable the template reads (subject and body, all branches). */
  variables: ReadonlySet<string>;
}

/** One formatter per locale and currency: building an `Intl.NumberFormat` costs ~50 times a `format` call. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, currency: string | undefined): Intl.NumberFormat {
  const key = `${locale}|${currency ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : {});
    numberFormats.set(key, format);
  }
  return format;
}

/** `{{ cartValue | money: currency }}` → `₩129,000` / `$89.50` in the template's locale. */
function money(this: { context: Context }, value: unknown, currency?: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const amount = Number(value);
  if (!Number.isFinite(amount)) return String(value);
  const locale = String((this.context.globals as { locale?: string }).locale ?? 'en');
  const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  return numberFormat(locale, code).format(amount);
}

/**
 * `money` for Korean text carriers (SMS/LMS, KakaoTalk and its SMS fallback): EUC-KR has no U+20A9 WON SIGN, which
 * `Intl` writes, so the fullwidth ￦ (U+FFE6, in KS X 1001) stands in for it.
 */
function eucKrMoney(this: { context: Context }, value: unknown, currency?: unknown): string {
  return money.call(this, value, currency).replaceAll('\u20A9', '\uFFE6');
}

/** Output escaping inside JSON string literals, for push and kakao payload templates. */
const jsonEscape = (value: unknown) =>
  value === null || value === undefined ? '' : JSON.stringify(String(value)).slice(1, -1);

function engine(outputEscape: 'escape' | ((value: unknown) => string) | undefined, eucKr = false): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    ...(outputEscape ? { outputEscape } : {}),
  });
  liquid.registerFilter('money', eucKr ? eucKrMoney : money);
  return liquid;
}

const FLAVOUR = { email: 'html', sms: 'sms', push: 'json', kakao: 'kakao' } as const satisfies Record<Channel, string>;

/**
 * Renders journey messages from Liquid templates (liquidjs, strict variables and filters). Locale falls back from
 * `ko-KR` to `ko` to `en`. Before rendering, every variable a template reads is checked against what its message
 * declares, so an undeclared variable is an error even in a branch this render does not take. An SMS template may
 * start like an email one (`subject: …` then `---`): the subject is the LMS title, used only when the text needs an LMS.
 */
export class LiquidTemplateRenderer implements TemplateRenderer {
  readonly #options: LiquidRendererOptions;
  readonly #engines = {
    html: engine('escape'),
    text: engine(undefined),
    sms: engine(undefined, true),
    json: engine(jsonEscape),
    kakao: engine(jsonEscape, true),
  };
  readonly #cache = new Map<string, Promise<CompiledTemplate>>();

  constructor(options: LiquidRendererOptions) {
    this.#options = options;
  }

  async render(message: DeliveryRequest, personal: { firstName?: string }): Promise<RenderedMessage> {
    const compiled = await this.#compiled(message.template, message.channel, message.locale);
    this.#checkVariables(message, compiled);
    const scope = {
      ...message.variables,
      shopName: this.#options.shop.name,
      shopUrl: this.#options.shop.url,
      locale: compiled.locale,
      firstName: personal.firstName ?? null,
    };
    const renderOptions = { globals: { locale: compiled.locale } };
    const { template, channel } = message;
    try {
      // Synchronously: no template reads a file while rendering (no partials), and the async renderer's promise per
      // node was ~5% of a replay.
      const body = compiled.engine.renderSync(compiled.body, scope, renderOptions);
      if (channel === 'push' || channel === 'kakao') assertJsonObject(template, body);
      const rendered: RenderedMessage = {
        messageId: message.messageId,
        channel,
        category: message.category,
        template,
        body: channel === 'email' ? body : body.trim(),
      };
      if (compiled.subject) {
        const subject = compiled.subjectEngine.renderSync(compiled.subject, scope, renderOptions);
        rendered.subject = subject.replace(/\s+/g, ' ').trim();
        if (!rendered.subject) throw new TemplateError({ template, problem: `the ${channel} subject rendered empty` });
      }
      return rendered;
    } catch (error) {
      if (error instanceof LiquidError) throw new TemplateError({ template, problem: error.message, cause: error });
      throw error;
    }
  }

  /** Whether the template reads `firstName`, so `deliver` decrypts the contact's name only when it is needed. */
  async asksForFirstName(message: Pick<DeliveryRequest, 'template' | 'channel' | 'locale'>): Promise<boolean> {
    return (await this.#compiled(message.template, message.channel, message.locale)).variables.has('firstName');
  }

  /** The locale a message would be rendered in after fallback (`TemplateError` when no version exists). */
  async resolvedLocale(template: string, channel: Channel, locale?: string): Promise<string> {
    return (await this.#compiled(template, channel, locale)).locale;
  }

  #checkVariables(message: DeliveryRequest, compiled: CompiledTemplate): void {
    if (message.category === 'promotional') {
      const used = TRANSACTIONAL_ONLY_VARIABLES.filter(
        (name) => compiled.variables.has(name) || Object.hasOwn(message.variables, name),
      );
      if (used.length > 0) {
        throw new TemplateError({
          template: message.template,
          problem: `a promotional message may never use ${used.join(', ')}`,
        });
      }
    }
    const available = new Set([...Object.keys(message.variables), ...SYSTEM_VARIABLES, ...PERSONAL_VARIABLES]);
    const undeclared = [...compiled.variables].filter((name) => !available.has(name));
    if (undeclared.length > 0) {
      throw new TemplateError({
        template: message.template,
        problem:
          `${message.channel}.${compiled.locale} uses undeclared variable(s) ${undeclared.join(', ')}; ` +
          `declared: ${[...available].join(', ')}`,
      });
    }
  }

  #compiled(template: string, channel: Channel, locale: string | undefined): Promise<CompiledTemplate> {
    const key = `${template}/${channel}/${locale ?? ''}`;
    let compiled = this.#cache.get(key);
    if (!compiled) {
      compiled = this.#compile(template, channel, locale);
      compiled.catch(() => this.#cache.delete(key));
      this.#cache.set(key, compiled);
    }
    return compiled;
  }

  async #compile(template: string, channel: Channel, requested: string | undefined): Promise<CompiledTemplate> {
    assertTemplateName(template);
    const candidates = localeCandidates(requested);
    for (const locale of candidates) {
      const source = await readTemplateFile(templateFile(this.#options.templatesDir, template, channel, locale));
      if (source !== undefined) return this.#parse(template, channel, locale, source);
    }
    throw new TemplateError({ template, problem: `no ${channel} version for locale ${candidates.join(' → ')}` });
  }

  #parse(template: string, channel: Channel, locale: string, source: string): CompiledTemplate {
    const engine = this.#engines[FLAVOUR[channel]];
    try {
      if (channel === 'email' || (channel === 'sms' && source.startsWith('subject:'))) {
        const parts = splitEmail(template, source);
        const subjectEngine = channel === 'sms' ? engine : this.#engines.text;
        const subject = subjectEngine.parse(parts.subject);
        const body = engine.parse(parts.body);
        const variables = [...engine.globalVariablesSync(subject), ...engine.globalVariablesSync(body)];
        return { locale, engine, subjectEngine, subject, body, variables: new Set(variables) };
      }
      const body = engine.parse(source);
      return { locale, engine, subjectEngine: engine, body, variables: new Set(engine.globalVariablesSync(body)) };
    } catch (error) {
      if (error instanceof LiquidError) throw new TemplateError({ template, problem: error.message, cause: error });
      throw error;
    }
  }
}

function assertJsonObject(template: string, body: string): void {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    throw new TemplateError({ template, problem: 'the payload did not render to valid JSON', cause: error });
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new TemplateError({ template, problem: 'the payload must render to a JSON object' });
  }
}
