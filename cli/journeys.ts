import { candidateDefinitions, registry } from '../journeys/index.ts';
import { runJourneys } from './journeys/run.ts';

/** `npm run journeys -- list|pause|resume|stop|shadow|unshadow <id>` — see `npm run journeys -- --help`. */
process.exitCode = await runJourneys(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  now: () => Date.now(),
  journeys: registry.current(),
  versions: [...registry.all(), ...candidateDefinitions],
});
