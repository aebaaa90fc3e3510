import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ExportSink } from '../../core/ports/messaging.ts';

/** Local exports under a folder (default `.data/`), written with mode 0600. */
export class FolderExportSink implements ExportSink {
  readonly #root: string;
  constructor(root: string) {
    this.#root = resolve(root);
  }
  async write(key: string, body: string): Promise<string> {
    const path = resolve(join(this.#root, key));
    if (!path.startsWith(this.#root)) throw new RangeError(`Export key escapes the export folder: ${key}`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body, { mode: 0o600 });
    return path;
  }
}
