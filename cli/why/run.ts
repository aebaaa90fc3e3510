import { toIso } from '../../core/time.ts';
import { registry } from '../../journeys/index.ts';
import { CliError } from '../cli-errors.ts';
import { readReplayClock } from '../replay/replay-clock.ts';
import { parseWhyArgs, USAGE, type WhyOptions } from './args.ts';
import { openAwsSource } from './aws-source.ts';
import { formatExplanation } from './format.ts';
import { type CustomerRecordsSource, loadCustomerRecords } from './load.ts';
import { openLocalSource } from './local-source.ts';

export interface WhyIo {
  out(text: string): void;
  err(text: string): void;
  now(): number;
}

function openSource(options: WhyOptions): Promise<CustomerRecordsSource> | CustomerRecordsSource {
  return options.aws ? openAwsSource(options.aws) : openLocalSource(options.dataDir);
}

/**
 * `npm run why`: parse the command line, open the local data directory or the deployed table, read one customer's
 * records and print the explanation. Returns the exit code; errors the operator can act on are one line on `err`.
 */
export async function runWhy(argv: readonly string[], io: WhyIo): Promise<number> {
  try {
    let command = parseWhyArgs(argv, io.now());
    const replay =
      command.kind === 'explain' && !command.options.aws ? readReplayClock(command.options.dataDir) : undefined;
    if (replay) {
      // Replay data lives on the data's clock: durations count back from where the replay stopped, and without
      // --since every decision of the replay is shown.
      const since = argv.some((arg) => arg === '--since' || arg.startsWith('--since='))
        ? []
        : ['--since', replay.first];
      command = parseWhyArgs([...argv, ...since], Date.parse(replay.drainedUntil));
      io.err(`why: replay data (${replay.source}): times are measured from the replay's clock, ${replay.drainedUntil}`);
    }
    const now = replay ? Date.parse(replay.drainedUntil) : io.now();
    if (command.kind === 'help') {
      io.out(USAGE);
      return 0;
    }
    const { options } = command;
    const source = await openSource(options);
    try {
      const pseudonym = options.pseudonym ?? (await source.pseudonymOf(options.customerId as string));
      const records = await loadCustomerRecords(source.reader, pseudonym, toIso(options.since));
      const deliveries = source.deliveries ? await source.deliveries(pseudonym) : undefined;
      io.out(
        formatExplanation(records.state, records.decisions, records.consentHistory, {
          now,
          since: options.since,
          sinceText: options.sinceText,
          source: source.description,
          knownJourneys: registry.current().map((journey) => journey.id),
          json: options.json,
          ...(deliveries ? { deliveries } : {}),
          ...(options.customerId ? { customerId: options.customerId } : {}),
        }),
      );
      return 0;
    } finally {
      await source.close();
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err(`why: ${error.message}`);
    return error.exitCode;
  }
}
