import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JourneyDefinition } from '../../core/journey-runtime/definition.ts';
import { UsageError } from '../cli-errors.ts';

const isDefinition = (value: unknown): value is JourneyDefinition =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as JourneyDefinition).id === 'string' &&
  typeof (value as JourneyDefinition).version === 'number' &&
  typeof (value as JourneyDefinition).machine === 'object';

/**
 * The journey definitions a file exports (`defineJourney` results), for `npm run replay -- --journey <file.ts>`: a
 * journey not registered yet, such as one `npm run import:pinpoint` just wrote, replays next to the house journeys.
 */
export async function loadJourneyFiles(files: readonly string[], cwd: string): Promise<JourneyDefinition[]> {
  const found: JourneyDefinition[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(resolve(cwd, file)).href)) as Record<string, unknown>;
    const definitions = Object.values(module).filter(isDefinition);
    if (definitions.length === 0) throw new UsageError(`--journey ${file}: exports no journey definition`);
    found.push(...definitions);
  }
  return found;
}
