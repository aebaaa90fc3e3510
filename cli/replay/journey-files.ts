import { existsSync } from 'node:fs';
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
    const path = resolve(cwd, file);
    if (!/\.(ts|js|mjs)$/.test(path) || !existsSync(path)) {
      throw new UsageError(`--journey ${file}: no such TypeScript or JavaScript file`);
    }
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (cause) {
      throw new UsageError(`--journey ${file}: cannot load it (${(cause as Error).message})`, { cause });
    }
    const definitions = Object.values(module).filter(isDefinition);
    if (definitions.length === 0) throw new UsageError(`--journey ${file}: exports no journey definition`);
    found.push(...definitions);
  }
  return found;
}
