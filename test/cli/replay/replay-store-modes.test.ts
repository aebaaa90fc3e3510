import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDynamoDb } from '../../../adapters/dynamodb/embedded-dynamodb.ts';
import { ConsoleTelemetry } from '../../../cli/local/console-telemetry.ts';
import { localPaths } from '../../../cli/local/local-services.ts';
import { feedReplay, sourceEvents } from '../../../cli/replay/feed.ts';
import { createReplay } from '../../../cli/replay/replay-engine.ts';
import type { ReplayStore } from '../../../cli/replay/replay-services.ts';
import { days } from '../../../core/time.ts';
import { hasRees46Sample, REES46_SAMPLE } from '../../faults/rees46-input.ts';
import { writeTestKeyring } from '../../support/test-keyring.ts';

const ROWS = 800;
const db = await startEmbeddedDynamoDb();
afterAll(() => db.close());

/** Replays the first rows of REES46 (with the seeded profiles) and drains 35 days, as `npm run replay` does. */
async function replaySlice(
  store: ReplayStore,
  options: { concurrency: number; freezeStates?: boolean; hotCustomers?: number },
) {
  const paths = localPaths(await writeTestKeyring(mkdtempSync(join(tmpdir(), `replay-${store}-`))));
  const telemetry = new ConsoleTelemetry(() => {}, { quiet: true });
  const { engine, stats } = await createReplay({
    paths,
    store,
    ...(store === 'dynamodb' ? { db } : {}),
    telemetry,
    ...options,
  });
  const progress = { bytesRead: 0, totalBytes: 0 };
  await feedReplay(engine, stats, sourceEvents(REES46_SAMPLE, progress), {
    profiles: 'synthetic',
    seed: 42,
    limit: ROWS,
  });
  await engine.drain(engine.virtualNow + days(35));
  await engine.close();
  const mailbox = readFileSync(paths.mailbox, 'utf8').trim().split('\n');
  const { decisionDigest: digest, customerTiers } = engine;
  return {
    digest,
    sent: stats.sentByTemplate,
    mailbox: mailbox.length,
    stats,
    customers: stats.customers.size,
    packed: customerTiers?.packed ?? 0,
  };
}

describe.skipIf(!hasRees46Sample())('replay store modes on a REES46 slice', () => {
  it('decide identically in memory and in the embedded DynamoDB (decision log digest)', async () => {
    const memory = await replaySlice('memory', { concurrency: 1 });
    const dynamodb = await replaySlice('dynamodb', { concurrency: 8 });
    expect(memory.stats.rows).toBe(ROWS);
    expect(Number(memory.digest.split(':')[0])).toBeGreaterThan(100);
    expect(memory.digest).toBe(dynamodb.digest);
    expect(memory.sent).toEqual(dynamodb.sent);
    expect(memory.mailbox).toBe(dynamodb.mailbox);
    expect(memory.stats.conversions).toEqual(dynamodb.stats.conversions);
  }, 120_000);

  it('never write to a state the memory store hands out: deep-frozen states decide the same', async () => {
    const plain = await replaySlice('memory', { concurrency: 1 });
    const frozen = await replaySlice('memory', { concurrency: 1, freezeStates: true });
    expect(frozen.digest).toBe(plain.digest);
  }, 60_000);

  it('decide the same when every customer but the last is evicted to the cold tier and reloaded from it', async () => {
    const hot = await replaySlice('memory', { concurrency: 1 });
    const cold = await replaySlice('memory', { concurrency: 1, hotCustomers: 1 });
    expect(hot.customers).toBeGreaterThan(100);
    expect(cold.packed).toBeGreaterThan(100);
    expect(cold.digest).toBe(hot.digest);
    expect(cold.mailbox).toBe(hot.mailbox);
  }, 60_000);

  it('decide the same one event at a time and with customers interleaved', async () => {
    const serial = await replaySlice('memory', { concurrency: 1 });
    const interleaved = await replaySlice('memory', { concurrency: 8 });
    expect(interleaved.digest).toBe(serial.digest);
  }, 60_000);
});
