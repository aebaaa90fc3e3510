import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SdkCall } from './call-counter.ts';
import { PROJECT_ROOT } from './lambda-functions.ts';

/** The services the handlers use, by the SDK's service id, in table order. */
export const SERVICES = ['KMS', 'DynamoDB', 'SQS', 'EventBridge', 'SESv2', 'S3', 'Secrets Manager', 'SSM'] as const;

/** What one function did during a step: its Lambda invocations and the SDK calls they made. */
export interface FunctionCalls {
  invocations: number;
  calls: SdkCall[];
}

/** One step of the story (usually one published event and the drain that follows), per function. */
export interface CallRow {
  step: string;
  functions: Record<string, FunctionCalls>;
}

function cell(calls: SdkCall[]): string {
  const counts = new Map<string, { total: number; failed: number }>();
  for (const call of calls) {
    const count = counts.get(call.operation) ?? { total: 0, failed: 0 };
    count.total += 1;
    if (!call.ok) count.failed += 1;
    counts.set(call.operation, count);
  }
  return [...counts]
    .map(([operation, { total, failed }]) => `${operation} ${total}${failed ? ` (${failed} failed)` : ''}`)
    .join(', ');
}

function line(step: string, name: string, { invocations, calls }: FunctionCalls): string {
  const cells = SERVICES.map((service) => cell(calls.filter((call) => call.service === service)));
  const others = calls.filter((call) => !(SERVICES as readonly string[]).includes(call.service));
  const extra = others.length ? ` (+ ${others.map((call) => `${call.service}:${call.operation}`).join(', ')})` : '';
  return `| ${step} | ${name} ×${invocations} | ${cells.join(' | ')} | ${calls.length}${extra} |`;
}

/**
 * Per step and function: Lambda invocations and SDK calls per service and operation (failed calls marked); then
 * the totals per function and overall.
 */
export function callTable(rows: readonly CallRow[]): string {
  const lines: string[] = [];
  const totals: Record<string, FunctionCalls> = {};
  for (const row of rows) {
    Object.entries(row.functions).forEach(([name, calls], index) => {
      lines.push(line(index === 0 ? row.step : '', name, calls));
      const total = totals[name] ?? { invocations: 0, calls: [] };
      totals[name] = { invocations: total.invocations + calls.invocations, calls: [...total.calls, ...calls.calls] };
    });
  }
  Object.entries(totals).forEach(([name, calls], index) => {
    lines.push(line(index === 0 ? '**all steps**' : '', name, calls));
  });
  const all = Object.values(totals);
  const everything = {
    invocations: all.reduce((sum, t) => sum + t.invocations, 0),
    calls: all.flatMap((t) => t.calls),
  };
  lines.push(line('', 'all functions', everything));
  return [
    `| step | function | ${SERVICES.join(' | ')} | calls |`,
    `|${' --- |'.repeat(SERVICES.length + 3)}`,
    ...lines,
  ].join('\n');
}

/** Writes `bench/results/aws-calls-<date>.md` and returns its path. */
export function writeCallTable(table: string, date: string, intro: string): string {
  const directory = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `aws-calls-${date}.md`);
  writeFileSync(path, `# AWS SDK calls of the handlers, per story step (${date})\n\n${intro}\n\n${table}\n`);
  return path;
}
