import type { ReportModel } from '../../core/outcomes/report-model.ts';
import { legendLayout } from './charts.ts';
import { type Html, html, n } from './html.ts';
import { r, scale, svg, ticks } from './svg.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (date: string) => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;

/** Messages sent per day as areas stacked by journey (one column per day when there is a single day). */
export function sendsChart(series: ReportModel['sendsPerDay'], colour: (journeyId: string) => string): Html {
  const journeys = [...new Set(series.flatMap((day) => Object.keys(day.sent)))].sort();
  const width = 1040;
  const height = 300;
  const legendRows = legendLayout(journeys, width - 60);
  const [left, right, bottom] = [52, 16, 28];
  const top = legendRows.length * 20 + 14;
  const totals = series.map((day) => journeys.reduce((sum, journey) => sum + (day.sent[journey] ?? 0), 0));
  const axis = ticks(0, Math.max(1, ...totals), 4);
  const y = scale(0, axis.at(-1) ?? 1, height - bottom, top);
  const x = scale(0, Math.max(1, series.length - 1), left, width - right);
  const legend = legendRows.flatMap((items, line) =>
    items.map(
      ({ key, offset }) =>
        html`<g><rect x="${left + offset}" y="${line * 20 + 2}" width="12" height="12" rx="2" fill="${colour(key)}"/><text class="legend" x="${left + offset + 17}" y="${line * 20 + 12}">${key}</text></g>`,
    ),
  );
  const grid = axis.map(
    (value) =>
      html`<g><line class="grid" x1="${left}" x2="${width - right}" y1="${r(y(value))}" y2="${r(y(value))}"/><text class="tick" x="${left - 6}" y="${r(y(value) + 4)}" text-anchor="end">${n(value)}</text></g>`,
  );
  const every = Math.max(1, Math.ceil(series.length / 8));
  const labels = series.map((day, index) =>
    (index % every === 0 && series.length - 1 - index >= every / 2) || index === series.length - 1
      ? html`<text class="tick" x="${r(x(index))}" y="${height - bottom + 17}" text-anchor="middle">${dayLabel(day.date)}</text>`
      : html``,
  );
  const title = 'Messages sent per day, stacked by journey';
  if (series.length <= 1) {
    const day = series[0];
    let base = 0;
    const column = journeys.map((journey) => {
      const value = day?.sent[journey] ?? 0;
      const part = html`<rect x="${(width + left) / 2 - 30}" y="${r(y(base + value))}" width="60" height="${r(y(base) - y(base + value))}" fill="${colour(journey)}"><title>${journey}: ${n(value)}</title></rect>`;
      base += value;
      return part;
    });
    const label = day
      ? html`<text class="tick" x="${(width + left) / 2}" y="${height - bottom + 17}" text-anchor="middle">${dayLabel(day.date)}</text>`
      : html``;
    return svg('sends', width, height, title, [...legend, ...grid, ...column, label]);
  }
  const below = series.map(() => 0);
  const areas = journeys.map((journey) => {
    const above = series.map((day, index) => below[index]! + (day.sent[journey] ?? 0));
    const upper = above.map((value, index) => `${r(x(index))},${r(y(value))}`);
    const lower = below.map((value, index) => `${r(x(index))},${r(y(value))}`).reverse();
    const line = upper.join(' ');
    below.splice(0, below.length, ...above);
    return html`<g><polygon points="${[...upper, ...lower].join(' ')}" fill="${colour(journey)}" fill-opacity="0.28"/><polyline points="${line}" fill="none" stroke="${colour(journey)}" stroke-width="1.8"/></g>`;
  });
  const hover = series.map((day, index) => {
    const detail = journeys.map((journey) => `${journey} ${n(day.sent[journey] ?? 0)}`).join(', ');
    const band = (width - left - right) / Math.max(1, series.length - 1);
    return html`<rect class="hover" x="${r(x(index) - band / 2)}" y="${top}" width="${r(band)}" height="${height - bottom - top}"><title>${dayLabel(day.date)}: ${n(totals[index]!)} sent (${detail})</title></rect>`;
  });
  return svg('sends', width, height, title, [...legend, ...grid, ...areas, ...labels, ...hover]);
}
