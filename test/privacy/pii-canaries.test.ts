import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShreddingVault } from '../../adapters/crypto/contact-vault.ts';
import { aesKeyWrapper } from '../../adapters/crypto/key-wrapping.ts';
import { loadOrCreateLocalKeys } from '../../adapters/crypto/local-keys.ts';
import { unpackJson } from '../../adapters/dynamodb/packed-json.ts';
import { FileKeyStore } from '../../adapters/local/file-key-store.ts';
import { minutes } from '../../core/time.ts';
import { leveldbTableBytes } from '../support/leveldb-raw.ts';
import { mailbox, newDataDir, publish, useLocalRuntime } from '../support/local-runtime.ts';

/**
 * Canary identifiers in every identifier field; after profiles, deliveries, a rejected event, an export and erasures,
 * every byte the local runtime wrote (the embedded DynamoDB's LevelDB files decompressed, old versions included), its
 * console lines and outbound events hold no canary outside the authorised export, and no sealed contact of an erased
 * customer can be opened with the keyring of the same data directory.
 */
const { clock, lines, start, stop, entry } = useLocalRuntime('2026-11-23T09:00:00Z');

function canaries(index: number) {
  const tag = randomBytes(4).toString('hex');
  return {
    customerId: `canary-customer-${tag}`,
    contact: {
      email: `canary.${tag}@example.com`,
      phone: `+82105${String(index).padStart(3, '0')}${String(Number.parseInt(tag.slice(0, 4), 16) % 10000).padStart(4, '0')}`,
      pccc: `P${String(Number.parseInt(tag, 16)).padStart(12, '7').slice(0, 12)}`,
      firstName: `Canary${tag}`,
      kakaoId: `kakao-canary-${tag}`,
      pushToken: `push-canary-${tag}`,
    },
  };
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let packedFound = 0;

/** The customer items' packed `doc` and `outbox` (base64 in the embedded DynamoDB's files), inflated. */
function unpacked(bytes: Buffer): Buffer[] {
  const found: Buffer[] = [];
  for (const [run] of bytes.toString('latin1').matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)) {
    try {
      found.push(Buffer.from(JSON.stringify(unpackJson({ B: Buffer.from(run, 'base64') }, null))));
      packedFound += 1;
    } catch {
      // not packed JSON (a sealed contact, an id)
    }
  }
  return found;
}

function bytesOf(path: string): Buffer[] {
  const raw = /\.(ldb|sst)$/.test(path) ? [readFileSync(path), ...leveldbTableBytes(path)] : [readFileSync(path)];
  return [...raw, ...raw.flatMap(unpacked)];
}

describe('PII canaries (issue 11 proof)', () => {
  it('finds no canary at rest outside the authorised export, and no erased contact that can still be opened', async () => {
    const dataDir = await newDataDir();
    const runtime = await start(dataDir);
    const people = Array.from({ length: 6 }, (_, index) => canaries(index));
    for (const person of people) {
      await publish(runtime, [
        entry('customer.profile_updated', person.customerId, { contact: person.contact, country: 'KR' }),
        entry('consent.changed', person.customerId, {
          channel: 'all',
          purpose: 'marketing',
          granted: true,
          source: 'signup',
          wordingVersion: 'v1',
        }),
        entry('cart.item_added', person.customerId, { cartId: 'k', productId: 'p', quantity: 1, itemCount: 1 }),
      ]);
      // A profile that breaks the contract: its identifiers must be redacted in the rejected store.
      await publish(runtime, [entry('customer.profile_updated', person.customerId, { contact: person.contact, x: 1 })]);
    }
    clock.ms += minutes(2);
    for (const person of people) {
      await publish(runtime, [
        entry('order.placed', person.customerId, {
          orderId: `o-${people.indexOf(person)}`,
          total: 10,
          currency: 'KRW',
          items: [{ productId: 'p', quantity: 1, price: 10 }],
        }),
        // The PCCC a customs declaration carried: only its masked form may pass the edge.
        entry('shipment.customs_hold', person.customerId, {
          orderId: `o-${people.indexOf(person)}`,
          reason: 'pccc_mismatch',
          contact: { pccc: person.contact.pccc },
        }),
      ]);
    }
    const [exported, ...rest] = people;
    const erased = rest.slice(0, 3);
    const kept = rest.slice(3);
    clock.ms += minutes(1);
    await publish(runtime, [entry('privacy.export_requested', exported?.customerId as string, { requestId: 'r-x' })]);
    for (const person of erased) {
      await publish(runtime, [
        entry('privacy.erasure_requested', person.customerId, { requestId: `r-${erased.indexOf(person)}` }),
      ]);
    }
    clock.ms += minutes(10);
    await runtime.tick();
    expect(mailbox(runtime).filter((line) => line.template === 'order-confirmation')).toHaveLength(6);
    expect(mailbox(runtime).filter((line) => line.template === 'customs-hold')).toHaveLength(6);
    const pseudonyms = new Map(
      await Promise.all(
        people.map(
          async (person) => [person.customerId, await runtime.services.pseudonymOf(person.customerId)] as const,
        ),
      ),
    );
    await stop(runtime);

    const values = people.flatMap((person) => [person.customerId, ...Object.values(person.contact)]);
    const addresses = people.flatMap(({ contact }) => [
      contact.email,
      contact.phone,
      contact.pccc,
      contact.kakaoId,
      contact.pushToken,
    ]);
    const hits: string[] = [];
    let scannedFiles = 0;
    let scannedBytes = 0;
    const blobs = new Set<string>();
    for (const path of files(dataDir)) {
      const where = relative(dataDir, path);
      if (where.startsWith('exports/')) continue;
      const mailboxFile = where === 'mailbox.jsonl';
      for (const bytes of bytesOf(path)) {
        scannedFiles += 1;
        scannedBytes += bytes.length;
        for (const value of mailboxFile ? addresses : values)
          if (bytes.includes(value)) hits.push(`${where}: ${value}`);
        for (const match of bytes.toString('latin1').matchAll(/[A-Za-z0-9+/]{120,}={0,2}/g)) blobs.add(match[0]);
      }
    }
    for (const line of lines) for (const value of values) if (line.includes(value)) hits.push(`console: ${value}`);
    expect(scannedFiles).toBeGreaterThan(5);
    expect(packedFound).toBeGreaterThan(0);
    expect(hits).toEqual([]);

    const { keys } = await loadOrCreateLocalKeys(join(dataDir, 'keyring.json'));
    const vault = new ShreddingVault({
      wrapper: aesKeyWrapper(keys.contactKey),
      keys: new FileKeyStore(join(dataDir, 'keys')),
      audit: { record: async () => {} },
      now: () => 0,
    });
    const opened = new Map<string, number>();
    for (const blob of blobs) {
      for (const [customerId, pseudonym] of pseudonyms) {
        const contact = await vault.open(pseudonym, blob, { actor: 'canary-test' }).catch(() => undefined);
        if (contact) opened.set(customerId, (opened.get(customerId) ?? 0) + 1);
      }
    }
    console.log(
      `PII canaries: ${values.length} values, ${scannedFiles} files/blocks (${scannedBytes} bytes) scanned, ` +
        `${hits.length} hits; ${blobs.size} sealed-contact candidates, opened for ${opened.size} of ` +
        `${kept.length + 1} kept customers and ${erased.filter((person) => opened.has(person.customerId)).length} ` +
        `of ${erased.length} erased`,
    );
    for (const person of erased) expect(opened.get(person.customerId) ?? 0).toBe(0);
    for (const person of [exported, ...kept]) expect(opened.get(person?.customerId as string) ?? 0).toBeGreaterThan(0);
  });
});
