import type { Telemetry } from '../../core/ports/telemetry.ts';

export type Print = (line: string) => void;

const color = (code: number, text: string) => (process.stdout.isTTY ? `\u001b[${code}m${text}\u001b[0m` : text);
const OUTCOME_COLOR: Record<string, number> = { send: 32, deferred: 33, suppressed: 90 };

/** Counts every metric and prints one readable line per decision, send, failure and rejection. */
export class ConsoleTelemetry implements Telemetry {
  readonly counters = new Map<string, number>();
  readonly #print: Print;
  readonly #quiet: boolean;

  constructor(print: Print, options: { quiet?: boolean } = {}) {
    this.#print = print;
    this.#quiet = options.quiet ?? false;
  }

  count(metric: string, dimensions: Record<string, string> = {}, value = 1): void {
    let key = metric;
    for (const [name, dimension] of Object.entries(dimensions)) key += ` ${name}=${dimension}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + value);
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    if (this.#quiet) return;
    const who = String(fields.pseudonym ?? '').slice(0, 12);
    if (message === 'message decided') {
      const outcome = String(fields.outcome);
      const reasons = (fields.reasons as string[]).join(',');
      this.#print(
        `decision  ${who}  ${String(fields.journey).padEnd(13)} ${String(fields.template).padEnd(24)} ` +
          `${color(OUTCOME_COLOR[outcome] ?? 0, outcome.padEnd(10))} ${reasons}`,
      );
    } else if (message === 'message sent') {
      this.#print(
        `sent      ${who}  ${String(fields.journey).padEnd(13)} ${String(fields.template).padEnd(24)} ${fields.channel}`,
      );
    } else if (message === 'message suppressed at delivery') {
      this.#print(`withheld  ${who}  ${String(fields.template)} ${(fields.reasons as string[]).join(',')}`);
    }
  }

  warn(message: string, fields: Record<string, unknown> = {}): void {
    if (message === 'event rejected') {
      const issues = (fields.issues as Array<{ field: string; rule: string }>) ?? [];
      this.#print(
        color(31, `rejected  ${fields.detailType ?? '?'} ${fields.eventId ?? ''}: `) +
          issues.map((issue) => `${issue.field} ${issue.rule}`).join('; '),
      );
    } else if (!this.#quiet) {
      this.#print(color(33, `warning   ${message} ${JSON.stringify(fields)}`));
    }
  }

  error(message: string, fields: Record<string, unknown> = {}): void {
    this.#print(color(31, `error     ${message} ${JSON.stringify(fields)}`));
  }
}
