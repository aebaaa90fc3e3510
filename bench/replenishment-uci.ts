import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeLocalKeys } from '../adapters/crypto/local-keys.ts';
import { ConsoleTelemetry } from '../cli/local/console-telemetry.ts';
import { feedReplay } from '../cli/replay/feed.ts';
import { createReplay } from '../cli/replay/replay-engine.ts';
import { replayPaths } from '../cli/replay/replay-services.ts';
import { readCsv, type SourceEvent } from '../cli/replay/sources.ts';
import { UciInvoiceMapper } from '../cli/replay/uci-invoices.ts';
import type { LogEntry } from '../core/customer/log.ts';
import { days, toIso } from '../core/time.ts';
import { tallyJourney } from './journey-tally.ts';

/**
 * The replenishment journey on a year of real orders: the shared UCI Online Retail invoices through the replay's
 * in-memory pipeline (synthetic profiles and consents, as `npm run replay` gives them), then the customer log read
 * for the journey's decisions and conversions. `npm run bench:replenishment -- [file] [--seed 42] [--out path]`.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    drain: { type: 'string', default: '35' },
  },
});
const source = resolve(positionals[0] ?? '../shared/data/uci-online-retail-invoices-2010-2011.csv.gz');
const seed = Number(values.seed);
const dataDir = `/tmp/journeys-replenishment-${process.pid}`;
const paths = replayPaths(dataDir);
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const derive = (purpose: string) => createHash('sha256').update(`journeys-replay:${seed}:${purpose}`).digest();
await writeLocalKeys(paths.keyring, { contactKey: derive('contact'), pseudonymKey: derive('pseudonym') });

const telemetry = new ConsoleTelemetry(() => {}, { quiet: true });
const { engine, stats } = await createReplay({ paths, store: 'memory', telemetry, concurrency: 1 });
async function* invoices(): AsyncGenerator<SourceEvent> {
  const mapper = new UciInvoiceMapper(basename(source));
  for await (const row of readCsv(source, { bytesRead: 0, totalBytes: 0 })) yield mapper.map(row);
}
const started = performance.now();
const { first } = await feedReplay(engine, stats, invoices(), { profiles: 'synthetic', seed });
const last = engine.virtualNow;
await engine.drain(last + days(Number(values.drain)));
await engine.close();
const seconds = (performance.now() - started) / 1000;

const entries = async function* (): AsyncGenerator<LogEntry> {
  const { createReadStream } = await import('node:fs');
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: createReadStream(`${dataDir}/log.jsonl`), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as LogEntry;
};
const tally = await tallyJourney(entries(), 'replenishment');

const suppressed = Object.values(tally.suppressedBy).reduce((sum, count) => sum + count, 0);
const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');
const lines = [
  `# Replenishment on the UCI Online Retail year (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Source: ${basename(source)} (UCI Online Retail, Chen, Sain & Guo 2012, CC BY 4.0), ${stats.rows} invoices from ` +
    `${stats.customers.size} customers, ${toIso(first ?? 0).slice(0, 10)} to ${toIso(last).slice(0, 10)}, then ` +
    `${values.drain} days of drain; synthetic profiles and consents (seed ${seed}, cli/replay/synthetic-profiles.ts); ` +
    `the house policy (replayPolicy). In-memory replay pipeline, ${seconds.toFixed(0)} s.`,
  `Command: \`npm run bench:replenishment -- --seed ${seed}\``,
  '',
  '| | count |',
  '|---|---|',
  `| customers who entered the journey | ${tally.customersEntered} |`,
  `| customers whose rhythm was learned (reached a reminder) | ${tally.customersAsked} |`,
  `| reminders asked for | ${tally.asked} |`,
  `| reminders sent | ${tally.sent} |`,
  `| held back (holdout, would have sent) | ${tally.heldBack} |`,
  `| suppressed, by reason | ${formatCounts(tally.suppressedBy)} |`,
  `| deferred decisions (quiet hours, conflicts; decided again later) | ${tally.deferred} |`,
  `| orders within 14 days after a sent reminder (attributed conversions) | ${tally.attributed} (${pct(tally.attributed, tally.sent)} of sent) |`,
  `| orders within 14 days after a held-back reminder | ${tally.heldBackConverted} (${pct(tally.heldBackConverted, tally.heldBack)} of held back) |`,
  `| orders within 14 days after a suppressed reminder (no message to attribute) | ${tally.unattributed} (${pct(tally.unattributed, suppressed)} of suppressed) |`,
  `| revenue of attributed conversions | ${tally.attributedRevenue.toFixed(2)} GBP |`,
  `| cycles by outcome | ${formatCounts(tally.outcomes)} |`,
  '',
  'Read with care: these customers order on a rhythm, so many would have ordered anyway. Neither comparison row is a',
  'clean control: the holdout is small (5 % of pseudonyms) and suppressed reminders went to customers without consent.',
  'Reminders in the last 14 days of the data (and the drain) have no orders left to convert.',
  '',
];
const text = lines.join('\n');
console.log(text);
if (values.out) writeFileSync(values.out, text);
rmSync(dataDir, { recursive: true, force: true });

function formatCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return parts.length > 0 ? parts.map(([key, count]) => `${key} ${count}`).join(', ') : 'none';
}
