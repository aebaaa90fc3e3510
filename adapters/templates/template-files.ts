import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TemplateError } from '../../core/errors.ts';
import { CHANNELS, type Channel } from '../../core/events/schemas.ts';

/**
 * Template files: `<dir>/<template>/<channel>.<locale>.liquid`.
 *
 * Email files hold the subject on the first line and the HTML body after a `---` line:
 *
 *     subject: {{ firstName | default: "Hi" }}, your cart is waiting
 *     ---
 *     <!doctype html>…
 *
 * SMS files hold the text; push and kakao files hold a JSON object whose `text` field is the visible message.
 */
export const DEFAULT_LOCALE = 'en';

const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const FILE_NAME = /^([a-z]+)\.([a-z]{2,3}(?:-[A-Z]{2})?)\.liquid$/;

export interface TemplateVersion {
  channel: Channel;
  locale: string;
}

export function assertTemplateName(template: string): void {
  if (!TEMPLATE_NAME.test(template)) {
    throw new TemplateError({ template, problem: 'template names are kebab-case (letters, digits and dashes)' });
  }
}

export function templateFile(dir: string, template: string, channel: Channel, locale: string): string {
  return join(dir, template, `${channel}.${locale}.liquid`);
}

/** `ko-KR` → `ko-KR`, `ko`, then the default locale. */
export function localeCandidates(locale: string | undefined): string[] {
  const candidates = [locale, locale?.split('-')[0], DEFAULT_LOCALE].filter((value): value is string => !!value);
  return [...new Set(candidates)];
}

/** Every template folder under `dir`. */
export async function listTemplates(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The channel and locale versions of one template; empty when it does not exist. */
export async function listVersions(dir: string, template: string): Promise<TemplateVersion[]> {
  assertTemplateName(template);
  let names: string[];
  try {
    names = await readdir(join(dir, template));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const versions: TemplateVersion[] = [];
  for (const name of names.sort()) {
    const match = FILE_NAME.exec(name);
    const channel = match?.[1] as Channel | undefined;
    if (match && channel && CHANNELS.includes(channel)) versions.push({ channel, locale: match[2] as string });
  }
  return versions;
}

/** Reads a template file, `undefined` when it does not exist. */
export async function readTemplateFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Splits an email file into its subject line and HTML body. */
export function splitEmail(template: string, source: string): { subject: string; body: string } {
  const lines = source.split(/\r?\n/);
  const subject = /^subject:\s*(.*)$/.exec(lines[0] ?? '');
  if (!subject || lines[1]?.trim() !== '---') {
    throw new TemplateError({
      template,
      problem: 'an email template starts with a "subject: …" line followed by a "---" line',
    });
  }
  return { subject: (subject[1] as string).trim(), body: lines.slice(2).join('\n') };
}
