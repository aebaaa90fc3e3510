import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** The JSON lines appended to a file since the last call (by byte offset, so a long run stays linear). */
export function jsonLinesTail<T>(path: () => string) {
  let offset = 0;
  return (): { text: string; records: T[] } => {
    const file = path();
    if (!existsSync(file)) return { text: '', records: [] };
    const size = statSync(file).size;
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const text = buffer.toString('utf8');
    const records = text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as T);
    return { text, records };
  };
}
