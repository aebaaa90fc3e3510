import { runReport } from './run.ts';

/** `npm run report -- [--data-dir .data | --table <name> | model.json] [--out report.html]`; see `--help`. */
process.exitCode = await runReport(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  now: () => Date.now(),
});
