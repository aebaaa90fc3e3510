import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { startEmbeddedDynamoDb } from '../adapters/dynamodb/embedded-dynamodb.ts';
import { ConsoleTelemetry } from '../cli/local/console-telemetry.ts';
import { localPaths, localServices } from '../cli/local/local-services.ts';
import { syntheticProfile } from '../cli/replay/synthetic-profiles.ts';
import { handleIngestBody } from '../core/use-cases/handle-ingest-message.ts';
import { policy, registry } from '../journeys/index.ts';
import { fmt, opsPerSecond, percentile, throughput } from './measure.ts';

const rows: string[] = [];
const note = (line: string) => {
  rows.push(line);
  console.log(line);
};
const dataDir = `/tmp/journeys-bench-${process.pid}`;
const db = await startEmbeddedDynamoDb({ path: `${dataDir}/dynamodb` });
const telemetry = new ConsoleTelemetry(() => {}, { quiet: true });
let now = Date.parse('2026-11-23T09:00:00Z');
const services = await localServices({
  paths: localPaths(dataDir),
  db,
  clock: { now: () => now },
  registry,
  policy,
  telemetry,
});
const deps = services.ingest({ deliveries: { send: async () => {} }, privacy: { send: async () => {} } });

// 1. The DynamoDB floor: GetItem (consistent) + conditional PutItem of a 1 KB item, as in TOOLCHAIN.md.
const payload = 'x'.repeat(1000);
const floor = async (concurrency: number) =>
  throughput(2000, concurrency, async (index) => {
    const key = { pk: { S: `F#${concurrency}#${index % 200}` }, sk: { S: 'STATE' } };
    const got = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }));
    const version = Number(got.Item?.v?.N ?? 0);
    await db.client
      .send(
        new PutItemCommand({
          TableName: db.tableName,
          Item: { ...key, v: { N: String(version + 1) }, doc: { S: payload } },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'v = :v',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': { N: String(version) } } }),
        }),
      )
      .catch(() => {});
  });

// 2. The pipeline: ingest of cart/view events for 400 customers with profiles (policy, journeys, outbox, logs).
const customers = Array.from({ length: 400 }, (_, index) => `bench-${index}`);
for (const customer of customers) {
  for (const event of syntheticProfile(customer, now, 1)) {
    await handleIngestBody(JSON.stringify({ 'detail-type': event.detailType, detail: event.detail }), deps);
  }
}
const pipeline = (concurrency: number) =>
  throughput(2000, concurrency, async (index) => {
    const customerId = customers[(index * concurrency + Math.floor(index / 400)) % customers.length] as string;
    now += 1000;
    const detail = { v: 1, eventId: randomUUID(), occurredAt: new Date(now).toISOString(), customerId };
    const cart = {
      cartId: 'k',
      productId: `p${index % 50}`,
      quantity: 1,
      itemCount: 1 + (index % 3),
      cartValue: 20,
      currency: 'USD',
    };
    const event =
      index % 3 === 0
        ? { 'detail-type': 'cart.item_added', detail: { ...detail, ...cart } }
        : { 'detail-type': 'product.viewed', detail: { ...detail, productId: `p${index % 50}` } };
    await handleIngestBody(JSON.stringify(event), deps);
  });

note('## End-to-end ingest vs the DynamoDB floor (dynalite on disk, same run)');
note('| concurrency | floor: GetItem + conditional PutItem pairs/s | pipeline: events/s | pipeline / floor |');
note('|---:|---:|---:|---:|');
for (const concurrency of [1, 16]) {
  const floorRate = await floor(concurrency);
  const pipelineRate = await pipeline(concurrency);
  note(`| ${concurrency} | ${fmt(floorRate)} | ${fmt(pipelineRate)} | ${fmt(pipelineRate / floorRate, 2)} |`);
}

// 3. Customer item sizes after the runs above (DESIGN.md §4 budget: p95 ≤ 2 KB).
const sizes: number[] = [];
for (const customer of customers) {
  const pseudonym = await services.pseudonymOf(customer);
  const page = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': { S: `C#${pseudonym}` }, ':sk': { S: 'STATE' } },
    }),
  );
  const item = page.Items?.[0];
  if (!item) continue;
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes +=
      Buffer.byteLength(name) +
      (value.S ? Buffer.byteLength(value.S) : value.N ? value.N.length : (value.B?.length ?? 0));
  }
  sizes.push(bytes);
}
sizes.sort((a, b) => a - b);
note('\n## Customer item size (bytes, DynamoDB accounting: names + values)');
note('| customers | p50 | p95 | max | budget p95 |');
note('|---:|---:|---:|---:|---:|');
note(
  `| ${sizes.length} | ${fmt(percentile(sizes, 50))} | ${fmt(percentile(sizes, 95))} | ${fmt(sizes.at(-1) ?? 0)} | 2,048 |`,
);

// 4. Encryption suites for a 1 KB contact, side by side.
const key = randomBytes(32);
const contact = { email: 'someone@example.com', phone: '+821012345678', firstName: 'x'.repeat(900) };
const keyring = new RawAesKeyringNode({
  keyName: 'bench',
  keyNamespace: 'bench',
  unencryptedMasterKey: Uint8Array.from(key),
  wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
});
const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const sealWith = (suiteId: AlgorithmSuiteIdentifier) => () =>
  encrypt(keyring, JSON.stringify(contact), { encryptionContext: { pseudonym: 'p', purpose: 'contact' }, suiteId });
const signingDefault = await opsPerSecond(
  sealWith(AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384),
);
const committing = await opsPerSecond(
  sealWith(AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY),
);
note('\n## Contact encryption (raw AES keyring, 1 KB)');
note('| suite | seals/s | ratio |');
note('|---|---:|---:|');
note(`| signing default (ECDSA P-384) | ${fmt(signingDefault)} | 1.00 |`);
note(`| non-signing committing (used) | ${fmt(committing)} | ${fmt(committing / signingDefault, 2)} |`);

await db.close();
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const stamp = new Date().toISOString().slice(0, 10);
const header =
  `# Benchmarks ${new Date().toISOString()}\n\nNode ${process.versions.node}, ${process.platform}/${process.arch}. ` +
  'Ratios are measured side by side in one run; absolute numbers depend on the machine.\n\n';
writeFileSync(new URL(`./results/${stamp}.md`, import.meta.url), `${header}${rows.join('\n')}\n`);
console.log(`\nwrote bench/results/${stamp}.md`);
