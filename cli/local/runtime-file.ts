import { readFileSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `<data-dir>/runtime.json`, written by `npm start` once it runs and removed when it stops cleanly. The embedded
 * DynamoDB of a data directory can be opened by one process only, so other tools (`npm run why`) use this file to
 * reach the running one through its endpoint instead.
 */
export interface RuntimeInfo {
  pid: number;
  putEventsEndpoint: string;
  dynamoEndpoint: string;
  tableName: string;
  startedAt: string;
}

export const runtimeFileOf = (dataDir: string): string => join(dataDir, 'runtime.json');

export async function writeRuntimeFile(dataDir: string, info: RuntimeInfo): Promise<string> {
  const path = runtimeFileOf(dataDir);
  await writeFile(path, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/** Removes the file if it still describes process `pid` (another start may have replaced it). Synchronous. */
export function removeRuntimeFile(dataDir: string, pid: number): void {
  const path = runtimeFileOf(dataDir);
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<RuntimeInfo>;
    if (info.pid === pid) rmSync(path, { force: true });
  } catch {
    // Missing or unreadable: nothing of ours to remove.
  }
}

/** Whether a process with this id exists (`EPERM`: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The runtime of this data directory if its file exists, is well-formed and its process is alive. */
export async function readLiveRuntime(dataDir: string): Promise<RuntimeInfo | undefined> {
  let info: Partial<RuntimeInfo>;
  try {
    info = JSON.parse(await readFile(runtimeFileOf(dataDir), 'utf8')) as Partial<RuntimeInfo>;
  } catch {
    return undefined;
  }
  const wellFormed =
    Number.isInteger(info.pid) && typeof info.dynamoEndpoint === 'string' && typeof info.tableName === 'string';
  if (!wellFormed || !isProcessAlive(info.pid as number)) return undefined;
  return info as RuntimeInfo;
}
