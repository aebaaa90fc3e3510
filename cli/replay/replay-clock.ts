import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

const replayClockSchema = z.object({
  source: z.string(),
  store: z.enum(['memory', 'dynamodb']),
  /** The data's first and last event, and where the replay's virtual clock stopped. */
  first: z.iso.datetime(),
  last: z.iso.datetime(),
  drainedUntil: z.iso.datetime(),
});
export type ReplayClock = z.infer<typeof replayClockSchema>;

const fileOf = (dataDir: string) => join(dataDir, 'replay.json');

/** Leaves the replay's clock in its data dir: tools reading the data (`why`) measure time from it, not from today. */
export function writeReplayClock(dataDir: string, clock: ReplayClock): void {
  writeFileSync(fileOf(dataDir), `${JSON.stringify(clock, null, 2)}\n`);
}

/** The clock of the replay that wrote `dataDir`, or undefined for other data (e.g. `npm start`'s). */
export function readReplayClock(dataDir: string): ReplayClock | undefined {
  const file = fileOf(dataDir);
  if (!existsSync(file)) return undefined;
  const parsed = replayClockSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}
