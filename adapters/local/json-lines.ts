import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Append-only JSON Lines file (mode 0600); writes are serialised so lines never interleave. */
export class JsonLinesFile {
  readonly path: string;
  #tail: Promise<void> = Promise.resolve();
  #dirReady: Promise<unknown> | undefined;

  constructor(path: string) {
    this.path = path;
  }

  append(...records: unknown[]): Promise<void> {
    const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
    this.#dirReady ??= mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    this.#tail = this.#tail.then(async () => {
      await this.#dirReady;
      await appendFile(this.path, text, { mode: 0o600 });
    });
    return this.#tail;
  }

  /** Resolves when every line appended so far is on disk. */
  flush(): Promise<void> {
    return this.#tail;
  }
}
