import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface LocalKeys {
  contactKey: Uint8Array;
  pseudonymKey: Uint8Array;
}

/**
 * Local keyring: one JSON key file (mode 0600) holding the AES-256 contact key and the pseudonym HMAC key, generated
 * on first start and reused after, so a restart can still decrypt and pseudonymise the same way.
 */
export async function loadOrCreateLocalKeys(path: string): Promise<{ keys: LocalKeys; created: boolean }> {
  try {
    const file = JSON.parse(await readFile(path, 'utf8')) as { contactKey: string; pseudonymKey: string };
    if ((await stat(path)).mode & 0o077) await chmod(path, 0o600);
    return {
      keys: {
        contactKey: Buffer.from(file.contactKey, 'base64'),
        pseudonymKey: Buffer.from(file.pseudonymKey, 'base64'),
      },
      created: false,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = { contactKey: randomBytes(32), pseudonymKey: randomBytes(32) };
  await writeLocalKeys(path, keys);
  return { keys, created: true };
}

/** Writes a key file (mode 0600); fails if one exists, so keys are never silently replaced. */
export async function writeLocalKeys(path: string, keys: LocalKeys): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const body = JSON.stringify({
    note: 'Local keyring of journey-orchestrator. Losing it makes stored contacts unreadable. Never commit it.',
    contactKey: Buffer.from(keys.contactKey).toString('base64'),
    pseudonymKey: Buffer.from(keys.pseudonymKey).toString('base64'),
  });
  await writeFile(path, body, { mode: 0o600, flag: 'wx' });
}
