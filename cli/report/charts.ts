import type { JourneyFunnel, ReportModel } from '../../core/outcomes/report-model.ts';
import { colourOf, type Html, html, money, n, pct } from './html.ts';
import { clip, r, scale, svg, textWidth, ticks } from './svg.ts';

/** The stages of a journey's funnel bar chart, in order, with the unit each counts. */
export const FUNNEL_STAGES = [
  ['entered', 'Entered', 'instances'],
  ['asked', 'Asked', 'messages'],
  ['sent', 'Sent', 'messages'],
  ['delivered', 'Delivered', 'messages'],
  ['opened', 'Opened', 'messages'],
  ['clicked', 'Clicked', 'messages'],
  ['converted', 'Converted', 'instances'],
] as const;

/** Horizontal funnel bars of one journey; each bar says its share of the stage before it. */
export function funnelChart(journey: JourneyFunnel): Html {
  const width = 440;
  const row = 30;
  const left = 84;
  const right = 118;
  const height = FUNNEL_STAGES.length * row + 8;
  const max = Math.max(1, ...FUNNEL_STAGES.map(([key]) => journey[key]));
  const x = scale(0, max, 0, width - left - right);
  const bars = FUNNEL_STAGES.map(([key, label, unit], index) => {
    const value = journey[key];
    const previous = index > 0 ? journey[FUNNEL_STAGES[index - 1]![0]] : undefined;
    const share = previous && index > 1 && index < FUNNEL_STAGES.length - 1 ? ` · ${pct(value / previous)}` : '';
    const y = 4 + index * row;
    const tone = key === 'converted' ? 'bar-goal' : unit === 'instances' ? 'bar-instances' : 'bar';
    return html`<g><text class="label" x="${left - 8}" y="${y + 19}" text-anchor="end">${label}</text><rect class="${tone}" x="${left}" y="${y + 5}" width="${r(Math.max(value > 0 ? 2 : 0, x(value)))}" height="${row - 10}" rx="3"><title>${label}: ${n(value)} ${unit}</title></rect><text class="value" x="${r(left + Math.max(2, x(value)) + 6)}" y="${y + 19}">${n(value)}<tspan class="muted">${share}</tspan></text></g>`;
  });
  return svg('funnel', width, height, `Funnel of the ${journey.journeyId} journey`, bars);
}

/** One stacked bar per journey: its suppressed messages by first reason, with a shared legend. */
export function suppressionChart(journeys: readonly JourneyFunnel[]): Html {
  const reasons = [...new Set(journeys.flatMap((journey) => Object.keys(journey.suppressedBy)))].sort(
    (a, b) => total(journeys, b) - total(journeys, a) || a.localeCompare(b),
  );
  const colour = colourOf(reasons);
  const width = 1040;
  const left = 120;
  const right = 70;
  const legendRows = legendLayout(reasons, width - left);
  const top = legendRows.length * 20 + 10;
  const row = 34;
  const height = top + Math.max(1, journeys.length) * row + 6;
  const max = Math.max(1, ...journeys.map((journey) => journey.suppressed));
  const x = scale(0, max, 0, width - left - right);
  const legend = legendRows.flatMap((items, line) =>
    items.map(
      ({ key, offset }) =>
        html`<g><rect x="${left + offset}" y="${line * 20 + 2}" width="12" height="12" rx="2" fill="${colour(key)}"/><text class="legend" x="${left + offset + 17}" y="${line * 20 + 12}">${key.replaceAll('_', ' ')}</text></g>`,
    ),
  );
  const bars = journeys.map((journey, index) => {
    const y = top + index * row;
    let at = left;
    const segments = reasons.map((reason) => {
      const value = journey.suppressedBy[reason] ?? 0;
      if (value === 0) return html``;
      const segment = x(value);
      const label =
        segment > textWidth(n(value), 11) + 8
          ? html`<text class="inside" x="${r(at + segment / 2)}" y="${y + 19}" text-anchor="middle">${n(value)}</text>`
          : html``;
      const part = html`<rect x="${r(at)}" y="${y + 5}" width="${r(segment)}" height="${row - 12}" fill="${colour(reason)}"><title>${journey.journeyId} · ${reason}: ${n(value)} of ${n(journey.suppressed)} suppressed</title></rect>${label}`;
      at += segment;
      return part;
    });
    return html`<g><text class="label" x="${left - 8}" y="${y + 20}" text-anchor="end">${clip(journey.journeyId, left - 12)}</text>${segments}<text class="value" x="${r(at + 6)}" y="${y + 20}">${n(journey.suppressed)}</text></g>`;
  });
  return svg('suppression', width, height, 'Suppressed messages by first reason, per journey', [...legend, ...bars]);
}

const total = (journeys: readonly JourneyFunnel[], reason: string) =>
  journeys.reduce((sum, journey) => sum + (journey.suppressedBy[reason] ?? 0), 0);

/** Legend items wrapped into lines that fit `width`. */
export function legendLayout(keys: readonly string[], width: number): Array<Array<{ key: string; offset: number }>> {
  const lines: Array<Array<{ key: string; offset: number }>> = [[]];
  let offset = 0;
  for (const key of keys) {
    const itemWidth = 17 + textWidth(key, 11) + 14;
    if (offset > 0 && offset + itemWidth > width) {
      lines.push([]);
      offset = 0;
    }
    lines.at(-1)!.push({ key, offset });
    offset += itemWidth;
  }
  return lines;
}

/** Customers by number of messages sent to them; 10 or more share the last bar. */
export function histogramChart(bins: ReportModel['messagesPerCustomer']): Html {
  const grouped = new Map<number, number>();
  for (const { messages, customers } of bins)
    grouped.set(Math.min(messages, 10), (grouped.get(Math.min(messages, 10)) ?? 0) + customers);
  const last = Math.max(1, ...grouped.keys());
  const keys = Array.from({ length: last + 1 }, (_, index) => index);
  const width = 460;
  const height = 220;
  const [left, bottom, top] = [44, 30, 12];
  const max = Math.max(1, ...grouped.values());
  const axis = ticks(0, max, 4);
  const y = scale(0, axis.at(-1) ?? max, height - bottom, top);
  const band = (width - left - 8) / keys.length;
  const grid = axis.map(
    (value) =>
      html`<g><line class="grid" x1="${left}" x2="${width - 8}" y1="${r(y(value))}" y2="${r(y(value))}"/><text class="tick" x="${left - 6}" y="${r(y(value) + 4)}" text-anchor="end">${n(value)}</text></g>`,
  );
  const bars = keys.map((messages, index) => {
    const customers = grouped.get(messages) ?? 0;
    const x0 = left + index * band + band * 0.12;
    const label = messages === 10 && last === 10 ? '10+' : String(messages);
    return html`<g><rect class="${messages === 0 ? 'bar-muted' : 'bar'}" x="${r(x0)}" y="${r(y(customers))}" width="${r(band * 0.76)}" height="${r(height - bottom - y(customers))}" rx="2"><title>${label} messages: ${n(customers)} customers</title></rect><text class="tick" x="${r(x0 + band * 0.38)}" y="${height - bottom + 16}" text-anchor="middle">${label}</text>${customers > 0 ? html`<text class="tick" x="${r(x0 + band * 0.38)}" y="${r(y(customers) - 4)}" text-anchor="middle">${n(customers)}</text>` : ''}</g>`;
  });
  return svg('histogram', width, height, 'Customers by number of messages sent to them', [...grid, ...bars]);
}

/** Attributed revenue per journey, as horizontal bars. */
export function revenueChart(journeys: readonly JourneyFunnel[], currency: string): Html {
  const rows = journeys
    .map((journey) => ({
      journeyId: journey.journeyId,
      revenue: journey.messages.reduce((sum, message) => sum + message.revenue, 0),
      orders: journey.messages.reduce((sum, message) => sum + message.converted, 0),
    }))
    .sort((a, b) => b.revenue - a.revenue);
  const width = 460;
  const row = 30;
  const left = 110;
  const right = 150;
  const height = Math.max(1, rows.length) * row + 8;
  const x = scale(0, Math.max(1, ...rows.map((item) => item.revenue)), 0, width - left - right);
  const bars = rows.map(
    (item, index) =>
      html`<g><text class="label" x="${left - 8}" y="${index * row + 23}" text-anchor="end">${clip(item.journeyId, left - 12)}</text><rect class="bar-goal" x="${left}" y="${index * row + 9}" width="${r(Math.max(item.revenue > 0 ? 2 : 0, x(item.revenue)))}" height="${row - 10}" rx="3"/><text class="value" x="${r(left + Math.max(2, x(item.revenue)) + 6)}" y="${index * row + 23}">${money(item.revenue, currency)}<tspan class="muted"> · ${n(item.orders)} orders</tspan></text></g>`,
  );
  return svg('revenue', width, height, `Revenue attributed per journey (${currency})`, bars);
}
