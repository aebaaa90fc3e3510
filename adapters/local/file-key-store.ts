import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CustomerKeyStore } from '../../core/ports/crypto.ts';

const HEX = /^[0-9a-f]+$/;

/**
 * The local key store: one file per wrapped customer key, `<dir>/<pseudonym>/<keyId>.<createdAt>.key` (mode 0600).
 * Destroying a customer's keys unlinks the files: unlike the embedded DynamoDB's LevelDB files, nothing keeps an old copy.
 */
export class FileKeyStore implements CustomerKeyStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  #folder(pseudonym: string): string {
    if (!HEX.test(pseudonym)) throw new RangeError('A pseudonym is hex');
    return join(this.#dir, pseudonym);
  }

  async put(pseudonym: string, keyId: string, wrapped: Uint8Array, createdAt: number): Promise<void> {
    if (!HEX.test(keyId)) throw new RangeError('A key id is hex');
    const folder = this.#folder(pseudonym);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // Written aside and renamed, so a crash mid-write never leaves a torn key that would be read as the real one.
    const file = join(folder, `${keyId}.${createdAt}.key`);
    await writeFile(`${file}.partial`, wrapped, { mode: 0o600, flush: true });
    await rename(`${file}.partial`, file);
  }

  async get(pseudonym: string, keyId: string): Promise<Uint8Array | undefined> {
    if (!HEX.test(keyId)) return undefined;
    const folder = this.#folder(pseudonym);
    const file = (await this.#files(folder)).find((name) => name.startsWith(`${keyId}.`) && name.endsWith('.key'));
    return file ? readFile(join(folder, file)) : undefined;
  }

  async destroy(pseudonym: string, upTo: number): Promise<number> {
    const folder = this.#folder(pseudonym);
    const doomed = (await this.#files(folder)).filter(
      (name) => name.endsWith('.partial') || Number(name.split('.')[1]) <= upTo,
    );
    for (const file of doomed) await rm(join(folder, file), { force: true });
    await rmdir(folder).catch(() => undefined);
    return doomed.length;
  }

  async #files(folder: string): Promise<string[]> {
    return readdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
  }
}
