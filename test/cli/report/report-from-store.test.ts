import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateLocalKeys } from '../../../adapters/crypto/local-keys.ts';
import { DynamoCustomerTable } from '../../../adapters/dynamodb/customer-table.ts';
import { startEmbeddedDynamoDb } from '../../../adapters/dynamodb/embedded-dynamodb.ts';
import { localPaths } from '../../../cli/local/local-services.ts';
import { runReport } from '../../../cli/report/run.ts';
import { LOG_KINDS, type LogEntry } from '../../../core/customer/log.ts';
import { reportModelFromLog } from '../../../core/outcomes/model-from-log.ts';
import { cartJourney } from '../../../journeys/cart.ts';
import { cartAddOf, orderOf } from '../../support/sample-events.ts';
import { hours, startJourney } from '../../support/virtual-time.ts';

const NOW = Date.parse('2026-12-01T00:00:00Z');

function cartLog(holdout: boolean): LogEntry[] {
  const journey = startJourney(cartJourney, { holdout });
  journey.send('cart.item_added', cartAddOf());
  journey.advanceBy(hours(2));
  journey.send('order.placed', orderOf('sku-1', 42, 'KRW'));
  return journey.dispatched.filter((item): item is LogEntry => LOG_KINDS.has(item.kind));
}

describe('npm run report on a local store', () => {
  it('reads the whole log of the data directory and renders what it holds, the same model as from the entries', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'journeys-report-'));
    const paths = localPaths(dataDir);
    await loadOrCreateLocalKeys(paths.keyring);
    const entries = [...cartLog(false), ...cartLog(true)];
    const db = await startEmbeddedDynamoDb({ path: paths.dynamodb });
    await new DynamoCustomerTable({ client: db.client, tableName: db.tableName }).append(entries);
    await db.close();

    const lines: string[] = [];
    const io = {
      out: (text: string) => void lines.push(text),
      err: (text: string) => void lines.push(text),
      now: () => NOW,
    };
    const out = join(dataDir, 'report.html');
    const modelOut = join(dataDir, 'model.json');
    expect(await runReport(['--data-dir', dataDir, '--out', out, '--model', modelOut], io)).toBe(0);

    const model = JSON.parse(readFileSync(modelOut, 'utf8'));
    const expected = reportModelFromLog(entries, {
      title: model.title,
      generatedAt: new Date(NOW).toISOString(),
      source: model.dataSet.name,
    });
    expect(model).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(model).toMatchObject({ currency: 'KRW', journeys: [{ journeyId: 'cart', entered: 2, converted: 2 }] });
    expect(readFileSync(out, 'utf8')).toContain('data-journey="cart"');
    expect(lines).toEqual([`Report model written to ${modelOut}`, `Report written to ${out}`]);
  });

  it('says there is no local data when the directory was never used', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'journeys-report-')), 'missing');
    const lines: string[] = [];
    const io = {
      out: (text: string) => void lines.push(text),
      err: (text: string) => void lines.push(text),
      now: () => NOW,
    };
    expect(await runReport(['--data-dir', dataDir], io)).toBe(1);
    expect(lines).toEqual([`report: no local data in ${dataDir}: run npm start or npm run replay first`]);
  });
});
