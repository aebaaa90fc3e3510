import { randomBytes } from 'node:crypto';
import type { AccessRecord } from '../../adapters/crypto/access-audit.ts';
import { ShreddingVault } from '../../adapters/crypto/contact-vault.ts';
import { aesKeyWrapper } from '../../adapters/crypto/key-wrapping.ts';
import { MemoryKeyStore } from '../../adapters/local/memory-key-store.ts';

/** A contact vault as the local runtime wires it (AES-wrapped customer keys), keys in memory, audit records kept. */
export function testVault(now: () => number = () => 0) {
  const records: AccessRecord[] = [];
  const keys = new MemoryKeyStore();
  const vault = new ShreddingVault({
    wrapper: aesKeyWrapper(randomBytes(32)),
    keys,
    audit: { record: async (entry) => void records.push(entry) },
    now,
  });
  return { vault, keys, records };
}
