import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** One event of a replay source, in the EventBridge terms the pipeline takes. */
export interface SourceEvent {
  detailType: string;
  detail: Record<string, unknown>;
  /** Where in its file the event came from, for error messages. */
  line?: number;
}

export interface SourceProgress {
  bytesRead: number;
  totalBytes: number;
}

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Streams the lines of a plain or gzip file (detected by extension), reporting compressed bytes read. */
export async function* readLines(path: string, progress: SourceProgress): AsyncGenerator<string> {
  progress.totalBytes = statSync(path).size;
  const raw = createReadStream(path);
  raw.on('data', (chunk) => {
    progress.bytesRead += chunk.length;
  });
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  yield* createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

/** A CSV data row keyed by the header's names, with its line number and the header itself. */
export interface CsvRow {
  header: readonly string[];
  row: Record<string, string>;
  line: number;
}

/** CSV rows with their header; `onHeader` sees the header as soon as it is read, even when no row follows. */
export async function* readCsvRows(
  path: string,
  progress: SourceProgress,
  onHeader?: (header: readonly string[]) => void,
): AsyncGenerator<CsvRow> {
  let header: string[] | undefined;
  let line = 0;
  for await (const text of readLines(path, progress)) {
    line += 1;
    if (text.trim() === '') continue;
    const fields = splitCsvLine(text);
    if (!header) {
      header = fields.map((name) => name.trim());
      onHeader?.(header);
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, index) => {
      row[name] = fields[index] ?? '';
    });
    yield { header, row, line };
  }
}

/** CSV rows as header-keyed records. */
export async function* readCsv(path: string, progress: SourceProgress): AsyncGenerator<Record<string, string>> {
  for await (const { row } of readCsvRows(path, progress)) yield row;
}

/**
 * JSONL events: each line either `{ "detailType", "detail" }` or an EventBridge event (`detail-type`, `detail`).
 * A line that is not JSON stops the replay with its line number.
 */
export async function* readJsonl(path: string, progress: SourceProgress): AsyncGenerator<SourceEvent> {
  let lineNumber = 0;
  for await (const line of readLines(path, progress)) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`${path}:${lineNumber}: not JSON`);
    }
    const detailType = parsed.detailType ?? parsed['detail-type'];
    if (typeof detailType !== 'string' || typeof parsed.detail !== 'object' || parsed.detail === null) {
      throw new Error(`${path}:${lineNumber}: needs "detailType" (or "detail-type") and a "detail" object`);
    }
    yield { detailType, detail: parsed.detail as Record<string, unknown>, line: lineNumber };
  }
}
