import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './runtime-file.ts';

/** Another live process holds the data directory (its embedded DynamoDB and queues can have one owner only). */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  readonly dataDir: string;
  readonly pid: number;
  constructor(options: { dataDir: string; pid: number }) {
    super(
      `${options.dataDir} is in use by another local runtime (pid ${options.pid}). Stop it first, or start this ` +
        'one with another --data-dir.',
    );
    this.dataDir = options.dataDir;
    this.pid = options.pid;
  }
}

/**
 * Takes `<data-dir>/runtime.lock` for this process (a lock left by a dead process is taken over); throws
 * `DataDirInUseError` while another live process holds it. Returns the release function.
 */
export function lockDataDir(dataDir: string, pid = process.pid): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'runtime.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(pid));
      closeSync(fd);
      return () => {
        if (holderOf(path) === pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(path);
    if (holder !== undefined && holder !== pid && isProcessAlive(holder))
      throw new DataDirInUseError({ dataDir, pid: holder });
    rmSync(path, { force: true });
  }
  throw new Error(`Could not take ${path}`);
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
