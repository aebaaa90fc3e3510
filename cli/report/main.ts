import { runReport } from './run.ts';

/** `npm run report -- <report-model.json> [--out report.html]` — see `npm run report -- --help`. */
process.exitCode = runReport(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
