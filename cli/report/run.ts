import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../cli-errors.ts';
import { parseReportArgs, USAGE } from './args.ts';
import { renderReport } from './render-report.ts';
import { reportModelOf } from './sources.ts';

export { USAGE };

export interface ReportIo {
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => number;
}

/** `npm run report`: returns the exit code (0 written, 1 unreadable source, 2 bad usage). */
export async function runReport(argv: readonly string[], io: ReportIo): Promise<number> {
  try {
    const command = parseReportArgs(argv);
    if (command.kind === 'help') {
      io.out(USAGE);
      return 0;
    }
    const { options } = command;
    const model = await reportModelOf(options, io.now(), (text) => io.err(text));
    if (options.modelOut) {
      writeFileSync(options.modelOut, `${JSON.stringify(model, null, 2)}\n`);
      io.out(`Report model written to ${resolve(options.modelOut)}`);
    }
    writeFileSync(options.out, renderReport(model));
    io.out(`Report written to ${resolve(options.out)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err(`report: ${error.message}`);
    return error.exitCode;
  }
}
