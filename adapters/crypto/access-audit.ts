import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One decrypt: who read which customer's data, for what — never the plaintext. */
export interface AccessRecord {
  pseudonym: string;
  purpose: string;
  actor: string;
  messageId?: string;
  requestId?: string;
}

export interface AccessAuditLog {
  record(entry: AccessRecord): Promise<void>;
}

/** AWS: one structured log line per decrypt (the function's logger ships it to CloudWatch Logs). */
export class LoggerAccessAudit implements AccessAuditLog {
  readonly #log: (message: string, fields: Record<string, unknown>) => void;
  constructor(log: (message: string, fields: Record<string, unknown>) => void) {
    this.#log = log;
  }
  async record(entry: AccessRecord): Promise<void> {
    this.#log('contact decrypted', { audit: 'decrypt', ...entry });
  }
}

/** Local: appends JSON lines to `.data/access.jsonl`. */
export class FileAccessAudit implements AccessAuditLog {
  readonly #path: string;
  readonly #now: () => number;
  constructor(path: string, now: () => number) {
    this.#path = path;
    this.#now = now;
  }
  async record(entry: AccessRecord): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    await appendFile(this.#path, `${JSON.stringify({ at: new Date(this.#now()).toISOString(), ...entry })}\n`);
  }
}
