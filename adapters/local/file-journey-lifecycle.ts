import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  formatLifecycleDocument,
  type LifecycleDocument,
  parseLifecycleDocument,
} from '../../core/journey-runtime/lifecycle.ts';
import type { JourneyLifecycleStore } from '../../core/ports/journey-lifecycle.ts';

/** The file's text, or an empty text when there is none yet (every journey active). */
export async function readLifecycleFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** The lifecycle document as a JSON file in the local data directory (`.data/journeys.json`), replaced atomically. */
export class FileJourneyLifecycleStore implements JourneyLifecycleStore {
  readonly location: string;

  constructor(path: string) {
    this.location = path;
  }

  async read(): Promise<LifecycleDocument> {
    return parseLifecycleDocument(await readLifecycleFile(this.location), this.location);
  }

  async write(document: LifecycleDocument): Promise<void> {
    await mkdir(dirname(this.location), { recursive: true });
    const temporary = `${this.location}.${randomUUID()}.tmp`;
    await writeFile(temporary, formatLifecycleDocument(document), 'utf8');
    await rename(temporary, this.location);
  }
}
