import { type Html, html } from './html.ts';

/** Shared pieces of the hand-written SVG charts: the root element, scales and round axis ticks. */

export function svg(chart: string, width: number, height: number, title: string, body: Html | Html[]): Html {
  return html`<svg class="chart" data-chart="${chart}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}"><title>${title}</title>${body}</svg>`;
}

/** Linear scale from [d0, d1] onto [r0, r1]. */
export const scale =
  (d0: number, d1: number, r0: number, r1: number) =>
  (value: number): number =>
    d1 === d0 ? r0 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);

/**
 * Round tick values (1, 2, 2.5 or 5 × a power of ten), about `count` of them, from at or below `min` to at or above
 * `max`: the first and last tick make a domain that holds every value.
 */
export function ticks(min: number, max: number, count = 5): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= raw) ?? 10) * power;
  const first = Math.floor(min / step + 1e-9) * step;
  const values: number[] = [];
  for (let index = 0; values.length === 0 || values.at(-1)! < max - step * 1e-9; index += 1) {
    values.push(Number((first + index * step).toPrecision(12)));
  }
  return values;
}

/** Approximate width of a label in the report's 12 px system font, to place text without measuring. */
export const textWidth = (text: string, size = 12): number => text.length * size * 0.54;

/** Shortens a label to fit `width` px, with an ellipsis. */
export function clip(text: string, width: number, size = 12): string {
  const max = Math.floor(width / (size * 0.54));
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** Rounds coordinates so the SVG stays small and stable between runs. */
export const r = (value: number): number => Math.round(value * 10) / 10;
