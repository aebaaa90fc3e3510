import { FUNNEL_DEFINITIONS } from '../../core/outcomes/funnel.ts';
import { MINIMUM_SAMPLE } from '../../core/outcomes/intervals.ts';
import type { JourneyFunnel, ReportModel } from '../../core/outcomes/report-model.ts';
import { funnelChart, histogramChart, revenueChart, suppressionChart } from './charts.ts';
import { compareExperiment, forestPlot, relativeText, VERDICT_LABELS } from './forest-plot.ts';
import { colourOf, duration, type Html, html, money, n, pct, pp } from './html.ts';
import { sendsChart } from './sends-chart.ts';
import { REPORT_CSS } from './style.ts';

const sum = (journeys: readonly JourneyFunnel[], pick: (journey: JourneyFunnel) => number) =>
  journeys.reduce((total, journey) => total + pick(journey), 0);
const share = (part: number, whole: number) => (whole > 0 ? pct(part / whole) : '—');
const day = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function tile(id: string, value: string, caption: string): Html {
  return html`<div class="tile" data-headline="${id}"><div class="number">${value}</div><div class="caption">${caption}</div></div>`;
}

function headline(model: ReportModel): Html {
  const { journeys, attribution, currency } = model;
  const asked = sum(journeys, (journey) => journey.asked);
  const sent = sum(journeys, (journey) => journey.sent);
  const suppressed = sum(journeys, (journey) => journey.suppressed);
  return html`<div class="tiles">
${tile('customers', n(model.dataSet.customers), model.dataSet.events === undefined ? 'customers' : `customers · ${n(model.dataSet.events)} events`)}
${tile('entered', n(sum(journeys, (journey) => journey.entered)), 'journey entries')}
${tile('sent', n(sent), `messages sent · ${share(sent, asked)} of ${n(asked)} asked`)}
${tile('suppressed', n(suppressed), `suppressed · ${share(suppressed, asked)} of asked`)}
${tile('attributed-orders', n(attribution.attributedOrders), attribution.orders === undefined ? 'orders attributed' : `orders attributed · ${share(attribution.attributedOrders, attribution.orders)} of ${n(attribution.orders)}`)}
${tile('attributed-revenue', money(attribution.attributedRevenue, currency), attribution.revenue === undefined ? 'revenue attributed' : `revenue attributed · ${share(attribution.attributedRevenue, attribution.revenue)} of ${money(attribution.revenue, currency)}`)}
</div>`;
}

function journeyCards(journeys: readonly JourneyFunnel[]): Html {
  const cards = journeys.map((journey) => {
    const exits = Object.entries(journey.exited).sort((a, b) => b[1] - a[1]);
    const exitText = exits.length ? exits.map(([outcome, count]) => `${outcome} ${n(count)}`).join(' · ') : 'none yet';
    return html`<div class="card" data-journey="${journey.journeyId}"><h3>${journey.journeyId}<small>${pct(journey.entered ? journey.converted / journey.entered : Number.NaN)} of entries converted</small></h3>${funnelChart(journey)}<p class="exits">Exits: ${exitText}</p></div>`;
  });
  return html`<section id="journeys"><h2>Journeys</h2><p class="lead">From entry to conversion. Entered and converted count journey instances (light and green bars); the bars between count messages, each with its share of the stage above.</p><div class="grid-2">${cards}</div></section>`;
}

function suppression(journeys: readonly JourneyFunnel[]): Html {
  const wasDeferred = sum(journeys, (journey) => journey.wasDeferred);
  const deferred = sum(journeys, (journey) => journey.deferred);
  const holdout = sum(journeys, (journey) => journey.reasonsCited.holdout ?? 0);
  return html`<section id="suppression"><h2>Why messages were not sent</h2><p class="lead">Suppressed messages by the first reason the policy recorded. ${n(holdout)} suppressed messages cite the holdout. ${n(wasDeferred)} messages were deferred at least once (quiet hours), ${n(deferred)} of them still waiting when the data ends.</p>${suppressionChart(journeys)}</section>`;
}

function experiments(model: ReportModel): Html {
  const rows = model.experiments.map(compareExperiment);
  if (rows.length === 0)
    return html`<section id="experiments"><h2>Experiments and holdout</h2><p class="lead">No experiment in this data.</p></section>`;
  const table = rows.map(
    ({ experiment, comparison }) =>
      html`<tr data-verdict="${comparison.verdict}"><td class="text">${experiment.title}<br><span class="muted">${experiment.unit}</span></td><td>${n(experiment.control.successes)} / ${n(experiment.control.trials)}</td><td>${n(experiment.variant.successes)} / ${n(experiment.variant.trials)}</td><td>${comparison.absoluteLift ? `${pp(comparison.absoluteLift.estimate)} (${pp(comparison.absoluteLift.lower)} to ${pp(comparison.absoluteLift.upper)})` : '—'}</td><td>${relativeText(comparison)}</td><td class="text"><span class="verdict verdict-${comparison.verdict}">${VERDICT_LABELS[comparison.verdict]}</span><br><span class="muted">${comparison.because}</span></td></tr>`,
  );
  return html`<section id="experiments"><h2>Experiments and holdout</h2><p class="lead">Lift of each variant over its control with a 95 % confidence interval (Newcombe hybrid score for the difference, MOVER-R Wilson for the ratio). A winner is named only when the whole interval is on one side of 0 and each arm has at least ${MINIMUM_SAMPLE.perArm} units, ${MINIMUM_SAMPLE.outcomesPerArm} conversions and ${MINIMUM_SAMPLE.outcomesPerArm} non-conversions; below that the row is grey and dashed.</p>${forestPlot(rows)}<div class="table-wrap"><table><thead><tr><th>experiment</th><th>control converted</th><th>variant converted</th><th>absolute lift (95 % CI)</th><th>relative lift (95 % CI)</th><th class="text">verdict</th></tr></thead><tbody>${table}</tbody></table></div></section>`;
}

function frequency(model: ReportModel): Html {
  const bins = model.messagesPerCustomer;
  const customers = bins.reduce((total, bin) => total + bin.customers, 0);
  const threeOrMore = bins.filter((bin) => bin.messages >= 3).reduce((total, bin) => total + bin.customers, 0);
  const none = bins.find((bin) => bin.messages === 0)?.customers ?? 0;
  return html`<div><h3>Messages per customer</h3><p class="lead muted">Of ${n(customers)} customers a journey asked to message, ${share(none, customers)} got none and ${share(threeOrMore, customers)} got 3 or more.</p>${histogramChart(bins)}</div>`;
}

function revenue(model: ReportModel): Html {
  return html`<div><h3>Revenue attributed</h3><p class="lead muted">Rule: ${model.attribution.rule}.</p>${revenueChart(model.journeys, model.currency)}</div>`;
}

function messageTable(model: ReportModel): Html {
  const rows = model.journeys.flatMap((journey) =>
    journey.messages.map(
      (message) =>
        html`<tr><td>${journey.journeyId}</td><td class="text">${message.message}</td><td>${n(message.asked)}</td><td>${n(message.sent)}</td><td>${n(message.deferred)}</td><td>${n(message.suppressed)}</td><td>${n(message.delivered)}</td><td>${n(message.opened)}</td><td>${n(message.clicked)}</td><td>${n(message.converted)}</td><td>${money(message.revenue, model.currency)}</td></tr>`,
    ),
  );
  return html`<section id="messages"><h2>Messages</h2><div class="table-wrap"><table><thead><tr><th>journey</th><th class="text">message</th><th>asked</th><th>sent</th><th>deferred</th><th>suppressed</th><th>delivered</th><th>opened</th><th>clicked</th><th>converted</th><th>revenue</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

/** The whole report as one self-contained HTML document: inline CSS and SVG, no script, no external resource. */
export function renderReport(model: ReportModel): string {
  const { dataSet } = model;
  const definitions = model.definitions ?? FUNNEL_DEFINITIONS;
  const span = duration(Date.parse(dataSet.to) - Date.parse(dataSet.from));
  const colour = colourOf([...new Set(model.sendsPerDay.flatMap((entry) => Object.keys(entry.sent)))].sort());
  const notes = dataSet.notes.length
    ? html`<aside class="notes" id="notes"><h2>Read this first</h2><ul>${dataSet.notes.map((note) => html`<li>${note}</li>`)}</ul></aside>`
    : html``;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${model.title}</title><style>${REPORT_CSS}</style></head>
<body><main>
<header><h1>${model.title}</h1><p>${dataSet.name} · ${day(dataSet.from)} to ${day(dataSet.to)} (${span}) · generated ${day(model.generatedAt)}</p>${dataSet.description ? html`<p>${dataSet.description}</p>` : ''}</header>
${headline(model)}
${notes}
${journeyCards(model.journeys)}
${suppression(model.journeys)}
<section id="sends"><h2>Sends over time</h2><p class="lead">Messages sent per day (UTC), by journey.</p>${sendsChart(model.sendsPerDay, colour)}</section>
${experiments(model)}
<section id="outcomes"><div class="grid-2">${revenue(model)}${frequency(model)}</div></section>
${messageTable(model)}
<section id="definitions"><h2>How each number is counted</h2><dl>${definitions.map((entry) => html`<dt>${entry.term}</dt><dd>${entry.definition}</dd>`)}</dl></section>
<footer>${dataSet.credit ? html`<p>Data: ${dataSet.credit}</p>` : ''}<p>Intervals: Wilson (1927); Newcombe (1998), Statistics in Medicine 17:873–890, method 10; MOVER-R Wilson, Donner &amp; Zou (2012). Generated by <code>npm run report</code>.</p></footer>
</main></body></html>
`;
  return page.text;
}
