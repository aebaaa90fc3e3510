/** Text into HTML or SVG: every value that reaches the page goes through here. */
export function escapeHtml(value: string | number): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | undefined | null | false | readonly Part[];

const render = (part: Part): string => {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(part as string | number);
};

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(
    strings.reduce((out, text, index) => out + text + (index < parts.length ? render(parts[index]!) : ''), ''),
  );
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12,345 */
export const n = (value: number): string => integer.format(value);

/** 4.2 % (a rate 0.042); one decimal, or two below 1 %. */
export const pct = (rate: number): string => {
  if (!Number.isFinite(rate)) return '—';
  const value = rate * 100;
  return `${value.toFixed(Math.abs(value) < 1 && value !== 0 ? 2 : 1)}\u00a0%`;
};

/** +1.8 pp (a difference of rates 0.018). */
export const pp = (difference: number): string => {
  const text = Math.abs(difference * 100).toFixed(1);
  if (text === '0.0') return '0.0\u00a0pp';
  return `${difference > 0 ? '+' : '−'}${text}\u00a0pp`;
};

/** $12,345 / €1,234 (whole units). */
export const money = (value: number, currency: string): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);

/** 2 h 50 min, 31 days */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.round(minutes / 1440)} days`;
}

/** Fixed colours by series, so one journey or reason has one colour on every chart. */
export const PALETTE = [
  '#2563eb',
  '#f59e0b',
  '#10b981',
  '#8b5cf6',
  '#ef4444',
  '#0ea5e9',
  '#84cc16',
  '#ec4899',
  '#64748b',
];

export function colourOf(keys: readonly string[]): (key: string) => string {
  return (key) => PALETTE[Math.max(0, keys.indexOf(key)) % PALETTE.length]!;
}
