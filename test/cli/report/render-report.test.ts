import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../cli/report/render-report.ts';
import { runReport } from '../../../cli/report/run.ts';
import { emptyCounts } from '../../../core/outcomes/funnel.ts';
import { parseReportModel, type ReportModel } from '../../../core/outcomes/report-model.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const example = (): ReportModel => parseReportModel(JSON.parse(read('cli/report/example-model.json')));
const charts = (page: string) => [...page.matchAll(/data-chart="([a-z]+)"/g)].map((match) => match[1]);

describe('the outcome report', () => {
  it('draws every chart: a funnel per journey, suppression reasons, sends, the forest plot, frequency and revenue', () => {
    const model = example();
    expect(charts(renderReport(model))).toEqual([
      ...model.journeys.map(() => 'funnel'),
      'suppression',
      'sends',
      'forest',
      'revenue',
      'histogram',
    ]);
  });

  it('needs nothing from the network: no script, no link, no external URL, and a policy that forbids loading any', () => {
    const page = renderReport(example());
    expect(page).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import|https?:\/\//i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes every text from the model', () => {
    const model = example();
    const hostile = '<script>alert("x")</script>';
    model.title = hostile;
    model.dataSet.notes = [`<img src=x onerror=alert(1)> & "quotes"`];
    model.journeys[0]!.journeyId = hostile;
    model.journeys[0]!.exited = { [hostile]: 1 };
    model.experiments[0]!.title = hostile;
    const page = renderReport(model);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
  });

  it('marks experiments without enough data and prints the funnel definitions', () => {
    const page = renderReport(example());
    expect(page).toMatch(/class="forest-row" data-verdict="not_enough_data"/);
    expect(page).toContain('not enough data');
    expect(page).toContain('Not enough data: control has 1 (&lt; 5) conversions.');
    expect(page).toContain('<dt>sent / deferred / suppressed</dt>');
  });

  it('renders an empty model without failing', () => {
    const model = example();
    const empty: ReportModel = {
      ...model,
      journeys: [{ journeyId: 'cart', entered: 0, exited: {}, messages: [], ...emptyCounts() }],
      sendsPerDay: [],
      experiments: [],
      messagesPerCustomer: [],
      attribution: { rule: 'none', orders: 0, revenue: 0, attributedOrders: 0, attributedRevenue: 0 },
    };
    expect(renderReport(empty)).toContain('No experiment in this data.');
  });
});

describe('the example model', () => {
  it("adds up: each journey's message counts are the sums of its messages", () => {
    for (const journey of example().journeys) {
      for (const key of ['asked', 'sent', 'deferred', 'suppressed', 'delivered', 'opened', 'clicked'] as const) {
        expect(journey[key], `${journey.journeyId}.${key}`).toBe(
          journey.messages.reduce((sum, message) => sum + message[key], 0),
        );
      }
    }
  });

  it('docs/report-example.html is up to date (npm run report -- cli/report/example-model.json --out docs/report-example.html)', () => {
    expect(read('docs/report-example.html')).toBe(renderReport(example()));
  });
});

describe('npm run report', () => {
  const io = () => {
    const lines: string[] = [];
    const push = (text: string) => {
      lines.push(text);
    };
    return { lines, io: { out: push, err: push, now: () => Date.parse('2026-12-01T00:00:00Z') } };
  };

  it('writes the HTML file next to the model or where --out says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    const { lines, io: output } = io();
    const out = join(dir, 'report.html');
    expect(await runReport([new URL('cli/report/example-model.json', root).pathname, '--out', out], output)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(renderReport(example()));
    expect(lines).toEqual([`Report written to ${out}`]);
  });

  it('names each problem of a model that does not parse, and the usage on a wrong command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    const bad = join(dir, 'bad.json');
    const model = JSON.parse(read('cli/report/example-model.json'));
    model.experiments[0].control.successes = -1;
    model.currency = 'dollars';
    writeFileSync(bad, JSON.stringify(model));
    const { lines, io: output } = io();
    expect(await runReport([bad], output)).toBe(1);
    expect(lines[0]).toContain('currency');
    expect(lines[0]).toContain('experiments.0.control.successes');
    expect(await runReport(['a.json', 'b.json'], io().io)).toBe(2);
    expect(await runReport(['a.json', '--table', 'journeys'], io().io)).toBe(2);
    expect(await runReport(['--currency', 'dollars'], io().io)).toBe(2);
    expect(await runReport(['a.json', '--colour'], io().io)).toBe(2);
  });
});
