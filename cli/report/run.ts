import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { parseReportModel } from '../../core/outcomes/report-model.ts';
import { renderReport } from './render-report.ts';

export const USAGE = `npm run report -- <report-model.json> [--out report.html]

Renders an outcome report (journeys' funnels, suppression reasons, sends over time, experiments with 95 % intervals,
holdout, attributed revenue, messages per customer) as one self-contained HTML file: inline CSS and SVG, no script,
nothing fetched when it is opened. The model's shape is ReportModel (core/outcomes/report-model.ts); an example is
cli/report/example-model.json.

  --out <file>   where to write the HTML (default: the model's path with .html)
  --help         this text`;

export interface ReportIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** `npm run report`: returns the exit code (0 written, 1 bad model, 2 bad usage). */
export function runReport(argv: readonly string[], io: ReportIo): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [input] = positionals;
  if (!input || positionals.length > 1) {
    io.err(`Give one report model file.\n\n${USAGE}`);
    return 2;
  }
  let model: ReturnType<typeof parseReportModel>;
  try {
    model = parseReportModel(JSON.parse(readFileSync(input, 'utf8')));
  } catch (error) {
    const detail =
      error instanceof ZodError
        ? error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n')
        : `  ${(error as Error).message}`;
    io.err(`${input} is not a report model:\n${detail}`);
    return 1;
  }
  const out = values.out ?? `${input.replace(/\.json$/i, '')}.html`;
  writeFileSync(out, renderReport(model));
  io.out(`Report written to ${resolve(out)}`);
  return 0;
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
