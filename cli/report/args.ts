import { parseArgs } from 'node:util';
import { UsageError } from '../cli-errors.ts';

export const USAGE = `npm run report -- [source] [options]

Writes an outcome report as one self-contained HTML file (inline CSS and SVG, no script, nothing fetched when it is
opened): each journey's funnel, suppression reasons, sends over time, A/B splits and the holdout with 95 % intervals,
revenue attributed and messages per customer.

Source (one of):
  --data-dir <dir>     the local store of npm start or npm run replay -- --data-dir (default .data)
  --table <name>       a deployed journey table (stack output TableName; read with Scan: AWS credentials from the
                       usual chain, needs dynamodb:Scan on the table)
  --region <region>    with --table (default: from the environment or profile)
  <model.json>         a saved report model (ReportModel, core/outcomes/report-model.ts; see
                       cli/report/example-model.json)

Options:
  --out <file>         where to write the HTML (default: report.html, or the model's path with .html)
  --model <file>       also write the model as JSON (to render again, or to compare two runs)
  --title <text>       the report's title
  --currency <code>    revenue currency (ISO 4217; default: the one most conversions were recorded in)
  --help               this text`;

export type ReportSource =
  | { kind: 'model'; path: string }
  | { kind: 'local'; dataDir: string }
  | { kind: 'table'; table: string; region?: string };

export interface ReportOptions {
  source: ReportSource;
  out: string;
  modelOut?: string;
  title?: string;
  currency?: string;
}

export type ReportCommand = { kind: 'help' } | { kind: 'report'; options: ReportOptions };

/** Reads the command line of `npm run report`; throws `UsageError` naming the mistake. */
export function parseReportArgs(argv: readonly string[]): ReportCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 1) throw new UsageError(`give at most one report model file, got ${positionals.length}`);
  const [model] = positionals;
  const chosen = [model, values.table, values['data-dir']].filter((value) => value !== undefined);
  if (chosen.length > 1) throw new UsageError('give one source: a model file, --table or --data-dir');
  if (values.region && !values.table) throw new UsageError('--region reads a deployed table: add --table <name>');
  const currency = values.currency?.toUpperCase();
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
    throw new UsageError(`--currency "${values.currency}" is not an ISO 4217 code such as KRW, EUR or USD`);
  }
  const source: ReportSource = model
    ? { kind: 'model', path: model }
    : values.table
      ? { kind: 'table', table: values.table, ...(values.region ? { region: values.region } : {}) }
      : { kind: 'local', dataDir: values['data-dir'] ?? '.data' };
  const out = values.out ?? (model ? `${model.replace(/\.json$/i, '')}.html` : 'report.html');
  return {
    kind: 'report',
    options: {
      source,
      out,
      ...(values.model ? { modelOut: values.model } : {}),
      ...(values.title ? { title: values.title } : {}),
      ...(currency ? { currency } : {}),
    },
  };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      model: { type: 'string' },
      'data-dir': { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string' },
      title: { type: 'string' },
      currency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
