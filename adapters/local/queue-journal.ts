import { type FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One queued message as the journal remembers it. */
export interface JournalEntry {
  id: number;
  body: string;
  /** Receives that failed so far (the SQS receive count survives a restart too). */
  failures: number;
}

type JournalRecord = { p: number; b: string } | { a: number } | { f: number };

/**
 * An append-only, fsync'd journal of one queue: `put` records (fsync'd before `append` resolves), `ack` and `fail`
 * records (not fsync'd: a lost ack only means a redelivery). On open, the pending entries are read back and the file
 * is rewritten with only them. A torn last line (a crash mid-write) belongs to a put that was never acknowledged.
 */
export class QueueJournal {
  readonly path: string;
  #handle: FileHandle | undefined;
  #nextId = 1;
  #records = 0;
  /** Entries appended and not acknowledged yet, as the file holds them. */
  readonly #live = new Map<number, JournalEntry>();
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(path: string) {
    this.path = path;
  }

  /** Opens (or creates) the journal and returns the entries still pending, oldest first. */
  static async open(path: string): Promise<{ journal: QueueJournal; pending: JournalEntry[] }> {
    const journal = new QueueJournal(path);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const pending = parse(await readFile(path, 'utf8').catch(ignoreMissing));
    journal.#nextId = Math.max(0, ...pending.map((entry) => entry.id)) + 1;
    for (const entry of pending) journal.#live.set(entry.id, entry);
    await journal.#rewrite();
    return { journal, pending };
  }

  /** Appends the bodies and makes them durable; resolves with their ids once they are on disk. */
  append(bodies: readonly string[]): Promise<JournalEntry[]> {
    return this.#serial(async () => {
      const entries = bodies.map((body) => ({ id: this.#nextId++, body, failures: 0 }));
      await this.#write(entries.map((entry) => ({ p: entry.id, b: entry.body })));
      await this.#handle?.datasync();
      for (const entry of entries) this.#live.set(entry.id, entry);
      return entries;
    });
  }

  /** The entry was handled (or dead-lettered): it will not be delivered again after a restart. */
  ack(id: number): Promise<void> {
    return this.#serial(async () => {
      this.#live.delete(id);
      await this.#write([{ a: id }]);
    });
  }

  /** Records a failed receive (the queue counts it on the entry, which the journal shares). */
  fail(id: number): Promise<void> {
    return this.#serial(() => this.#write([{ f: id }]));
  }

  /**
   * Rewrites the journal with only the live entries, so it does not grow without bound — and, when none is live, so
   * the events it carried do not stay at rest once handled. Serialised with appends and acks, so it never drops an
   * entry appended but not acknowledged.
   */
  compact(): Promise<void> {
    return this.#serial(() => this.#rewrite());
  }

  get records(): number {
    return this.#records;
  }

  async close(): Promise<void> {
    await this.#serial(async () => {
      await this.#handle?.close();
      this.#handle = undefined;
    });
  }

  #serial<R>(work: () => Promise<R>): Promise<R> {
    const next = this.#chain.then(work);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #write(records: readonly JournalRecord[]): Promise<void> {
    if (!this.#handle) throw new Error(`Queue journal ${this.path} is closed`);
    await this.#handle.write(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    this.#records += records.length;
  }

  async #rewrite(): Promise<void> {
    const temporary = `${this.path}.tmp`;
    const file = await open(temporary, 'w', 0o600);
    const records: JournalRecord[] = [...this.#live.values()].flatMap((entry) => [
      { p: entry.id, b: entry.body },
      ...Array.from({ length: entry.failures }, () => ({ f: entry.id })),
    ]);
    await file.write(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    await file.datasync();
    await file.close();
    await this.#handle?.close();
    await rename(temporary, this.path);
    const directory = await open(dirname(this.path), 'r');
    await directory.sync().finally(() => directory.close());
    this.#handle = await open(this.path, 'a', 0o600);
    this.#records = records.length;
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return '';
  throw error;
}

function parse(text: string): JournalEntry[] {
  const entries = new Map<number, JournalEntry>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      continue;
    }
    if ('p' in record) entries.set(record.p, { id: record.p, body: record.b, failures: 0 });
    else if ('a' in record) entries.delete(record.a);
    else if ('f' in record) {
      const entry = entries.get(record.f);
      if (entry) entry.failures += 1;
    }
  }
  return [...entries.values()].sort((a, b) => a.id - b.id);
}
