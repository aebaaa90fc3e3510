import { setFlagsFromString } from 'node:v8';
import { runReplay } from './replay/run.ts';

// A replay allocates fast and keeps its customers: with V8's default heap growth the old generation runs up to
// ~4x its live size before a full collection (1.2 GB peak for 100k customers). Growing it by 20% at a time keeps
// the peak near the live size at no measurable cost in speed (bench/README.md).
setFlagsFromString('--heap-growing-percent=20');

/** `npm run replay -- [file] [options]` — see `npm run replay -- --help`. */
process.exitCode = await runReplay(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  now: () => Date.now(),
});
