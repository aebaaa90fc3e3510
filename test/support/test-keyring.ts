import { join } from 'node:path';
import { writeLocalKeys } from '../../adapters/crypto/local-keys.ts';

/**
 * Fixed local keys for a data dir, so pseudonyms — and with them the 5 % holdout and A/B buckets — are the same on
 * every run. With a random keyring, any promotional assertion would fail for one customer in twenty.
 */
export async function writeTestKeyring(dataDir: string): Promise<string> {
  await writeLocalKeys(join(dataDir, 'keyring.json'), {
    contactKey: Buffer.alloc(32, 1),
    pseudonymKey: Buffer.alloc(32, 2),
  });
  return dataDir;
}
