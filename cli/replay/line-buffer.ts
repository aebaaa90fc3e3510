import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only JSON Lines file for a replay: lines are gathered in memory and written in 256 KB chunks with one
 * system call each, instead of an open/append/close per line. Replays are batch runs that end with `close()`; a
 * crash loses at most the last chunk, which a replay would rerun anyway.
 */
export class LineBuffer {
  readonly path: string;
  readonly #limit: number;
  #fd: number | undefined;
  #chunks: string[] = [];
  #size = 0;
  lines = 0;

  constructor(path: string, options: { chunkBytes?: number } = {}) {
    this.path = path;
    this.#limit = options.chunkBytes ?? 256 * 1024;
  }

  /** Queues one JSON line per record. */
  append(...records: unknown[]): void {
    for (const record of records) {
      const line = `${JSON.stringify(record)}\n`;
      this.#chunks.push(line);
      this.#size += line.length;
      this.lines += 1;
    }
    if (this.#size >= this.#limit) this.flush();
  }

  /** Writes everything queued so far. */
  flush(): void {
    if (this.#chunks.length === 0) return;
    if (this.#fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      this.#fd = openSync(this.path, 'a', 0o600);
    }
    writeSync(this.#fd, this.#chunks.join(''));
    this.#chunks = [];
    this.#size = 0;
  }

  close(): void {
    this.flush();
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
