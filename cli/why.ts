import { runWhy } from './why/run.ts';

/** `npm run why -- <customerId> [--since 7d] [--data-dir .data] [--json]` — see `npm run why -- --help`. */
process.exitCode = await runWhy(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  now: () => Date.now(),
});
