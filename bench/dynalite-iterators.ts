import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { batchWrite, putRequest } from '../adapters/dynamodb/batch-write.ts';
import { ensureTable } from '../adapters/dynamodb/create-table.ts';
import { localDynamoClient } from '../adapters/dynamodb/embedded-dynamodb.ts';
import {
  installedDynaliteDir,
  ORIGINAL_SHA256,
  ORIGINAL_SNIPPET,
  PATCHED_FILE,
  PATCHED_SHA256,
  PATCHED_SNIPPET,
} from '../scripts/patch-dynalite.ts';
import { probeLevelIterators } from './level-iterators.ts';
import { fmt } from './measure.ts';

// Open LevelDB iterators and RSS over 10,000 replayed events (one consistent Query + one conditional PutItem each),
// dynalite patched vs unpatched, side by side in one process (docs/decisions/0003-dynalite-patches.md).
// Run: npm run bench:dynalite (EVENTS=… to change the count).

const EVENTS = Number(process.env.EVENTS ?? 10_000);
const WARM_UP = 1_000;
/** 5,000 items of ~1 KB: more than LevelDB's 4 MB write buffer, so the table is in SST files, as in a replay. */
const CUSTOMERS = 5_000;
type Dynalite = (options: Record<string, unknown>) => Server;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A copy of the installed dynalite with the patch taken out; it resolves its dependencies from node_modules. */
function unpatchedCopy(): { dir: string; dynalite: Dynalite } {
  const installed = installedDynaliteDir();
  const dir = join(installed, '..', '.cache', 'dynalite-unpatched');
  cpSync(installed, dir, { recursive: true });
  const file = join(dir, PATCHED_FILE);
  const source = readFileSync(file, 'utf8');
  if (sha256(source) !== PATCHED_SHA256) throw new Error(`${installed} is not patched: run npm ci`);
  const original = source.split(PATCHED_SNIPPET).join(ORIGINAL_SNIPPET);
  if (sha256(original) !== ORIGINAL_SHA256) throw new Error('taking the patch out did not restore the original');
  writeFileSync(file, original);
  return { dir, dynalite: createRequire(join(dir, 'index.js'))(dir) as Dynalite };
}

async function measure(dynalite: Dynalite, onDisk: boolean, events = EVENTS) {
  const path = onDisk ? mkdtempSync(join(tmpdir(), 'dynalite-iterators-')) : undefined;
  const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const client = localDynamoClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const tableName = 'journeys';
  await ensureTable(client, tableName);
  const items: Record<string, AttributeValue>[] = Array.from({ length: CUSTOMERS }, (_, index) => ({
    pk: { S: `C#${index}` },
    sk: { S: 'STATE' },
    v: { N: '1' },
    doc: { S: 'x'.repeat(1000) },
  }));
  await batchWrite(client, tableName, items.map(putRequest));

  /** One replayed event: the customer table's load (a consistent Query), then the conditional write of the item. */
  const event = async (index: number) => {
    const item = items[(index * 7919) % CUSTOMERS] as Record<string, AttributeValue>;
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': item.pk as AttributeValue,
          ':from': { S: 'ERASED' },
          ':to': { S: 'STATE' },
        },
        ConsistentRead: true,
      }),
    );
    const v = Number(page.Items?.[0]?.v?.N);
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...item, v: { N: String(v + 1) } },
        ConditionExpression: 'v = :v',
        ExpressionAttributeValues: { ':v': { N: String(v) } },
      }),
    );
  };

  const iterators = probeLevelIterators();
  const sample = () => {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    return { rss, heapUsed, open: iterators.open, opened: iterators.opened };
  };
  for (let index = 0; index < WARM_UP; index += 1) await event(index);
  const before = sample();
  const started = performance.now();
  for (let index = WARM_UP; index < WARM_UP + events; index += 1) await event(index);
  const seconds = (performance.now() - started) / 1000;
  const after = sample();
  iterators.restore();
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (path) rmSync(path, { recursive: true, force: true });
  return { before, after, seconds };
}

const mb = (bytes: number) => fmt(bytes / 1e6, 1);
const patched = createRequire(import.meta.url)('dynalite') as Dynalite;
const unpatched = unpatchedCopy();
console.log(`Node ${process.versions.node}; ${fmt(EVENTS)} events (Query + conditional PutItem) after ${fmt(WARM_UP)}`);
console.log('| store | dynalite | iterators opened | left open | RSS growth MB | heap growth MB | events/s |');
console.log('|---|---|---:|---:|---:|---:|---:|');
try {
  await measure(patched, true, 2_000); // warms up the process (JIT, SDK, sockets) so the order of the runs matters less
  for (const onDisk of [true, false]) {
    for (const [name, dynalite] of [
      ['patched', patched],
      ['unpatched', unpatched.dynalite],
    ] as const) {
      const { before, after, seconds } = await measure(dynalite, onDisk);
      console.log(
        `| ${onDisk ? 'on disk' : 'in memory'} | ${name} | ${fmt(after.opened - before.opened)} | ` +
          `${fmt(after.open - before.open)} | ${mb(after.rss - before.rss)} | ${mb(after.heapUsed - before.heapUsed)} | ` +
          `${fmt(EVENTS / seconds)} |`,
      );
    }
  }
} finally {
  rmSync(unpatched.dir, { recursive: true, force: true });
}
