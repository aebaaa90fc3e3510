import { runImport } from './import-pinpoint/run.ts';

/** `npm run import:pinpoint -- <journey.json> [--out file] [--event Name=type]…` — see `--help`. */
process.exitCode = runImport(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
