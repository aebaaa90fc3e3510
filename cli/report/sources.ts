import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ZodError } from 'zod';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import type { LogEntry } from '../../core/customer/log.ts';
import { reportModelFromLog } from '../../core/outcomes/model-from-log.ts';
import { parseReportModel, type ReportModel } from '../../core/outcomes/report-model.ts';
import type { LogScanner } from '../../core/ports/store.ts';
import { AwsSourceError, CliError } from '../cli-errors.ts';
import { openLocalTable } from '../local/open-local-table.ts';
import { FileDecisionLog } from '../replay/file-decision-log.ts';
import { readReplayClock } from '../replay/replay-clock.ts';
import type { ReportOptions } from './args.ts';

const describe = (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`;

async function readLog(scanner: LogScanner, progress: (read: number) => void): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  for await (const entry of scanner.scanLog()) {
    entries.push(entry);
    if (entries.length % 50_000 === 0) progress(entries.length);
  }
  return entries;
}

function readModelFile(path: string): ReportModel {
  try {
    return parseReportModel(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    const detail =
      error instanceof ZodError
        ? error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n')
        : `  ${(error as Error).message}`;
    throw new CliError(`${path} is not a report model:\n${detail}`, { cause: error });
  }
}

/** The report model of the chosen source: a model file as it is, a store's log turned into one. */
export async function reportModelOf(
  options: ReportOptions,
  now: number,
  progress: (text: string) => void,
): Promise<ReportModel> {
  const { source } = options;
  if (source.kind === 'model') return readModelFile(source.path);
  const onRead = (read: number) => progress(`read ${read.toLocaleString('en')} log entries…`);
  const fromLog = (entries: LogEntry[], name: string) =>
    reportModelFromLog(entries, {
      title: options.title ?? `Journey outcomes — ${name}`,
      generatedAt: new Date(now).toISOString(),
      source: name,
      ...(options.currency ? { currency: options.currency } : {}),
    });
  if (source.kind === 'local' && readReplayClock(source.dataDir)?.store === 'memory') {
    const log = new FileDecisionLog(join(source.dataDir, 'log.jsonl'));
    return fromLog(await readLog(log, onRead), `replay in ${source.dataDir}`);
  }
  if (source.kind === 'local') {
    const local = await openLocalTable(source.dataDir);
    try {
      return fromLog(await readLog(local.table, onRead), local.description);
    } finally {
      await local.close();
    }
  }
  const client = new DynamoDBClient(source.region ? { region: source.region } : {});
  try {
    const entries = await readLog(new DynamoCustomerTable({ client, tableName: source.table }), onRead).catch(
      (error: unknown) => {
        throw new AwsSourceError(`could not read table ${source.table}: ${describe(error)}`, { cause: error });
      },
    );
    return fromLog(entries, `table ${source.table}`);
  } finally {
    client.destroy();
  }
}
