import { parseArgs } from 'node:util';
import type { LifecycleCommand } from '../../core/journey-runtime/lifecycle.ts';
import { UsageError } from '../cli-errors.ts';
import { parseVersionRef } from '../version-ref.ts';

export const USAGE = `npm run journeys -- list|pause|resume|stop|shadow|unshadow [<journeyId>] [options]

Pauses, resumes or stops a journey, or runs a new version of it as a shadow, without a deploy; the engine reads the
change within a minute and every decision records the lifecycle state it saw.
  list                    every journey with its version, state, since when, and what a pause does to its customers
  pause <journeyId>       nobody enters; customers in it wait (default, or the journey's whilePaused) or exit
  resume <journeyId>      a paused journey admits and runs customers again; held waits and messages go on
  stop <journeyId>        nobody enters and everyone in it exits (final)
  shadow <journeyId>@<v>  runs version v (a candidate in journeys/index.ts) beside the live one: it enters, waits and
                          decides as if live, records outcome shadow and sends nothing (see npm run why)
  unshadow <journeyId>    ends the shadow run; its customers' shadow state is dropped at their next event

Where (default: the local data directory):
  --data-dir <dir>        local data directory (default .data): the file <dir>/journeys.json
  --parameter <name>      a deployed stage: the SSM parameter (stack output JourneyLifecycleParameter); AWS credentials
                          from the usual chain
  --region <region>       AWS region (default: from the environment or profile)

Options of pause and stop:
  --exit | --wait         pause only: customers in the journey exit, or wait (overrides the journey's whilePaused)
  --note <text>           why, kept with the state (shown by list)
  --json                  list: one JSON document
  --help                  this text`;

export interface JourneysOptions {
  dataDir: string;
  aws?: { parameter: string; region?: string };
  json: boolean;
}

export type JourneysCommand =
  | { kind: 'help' }
  | { kind: 'shadow'; journeyId: string; version: number | undefined; options: JourneysOptions }
  | { kind: 'list'; options: JourneysOptions }
  | {
      kind: 'change';
      command: LifecycleCommand;
      journeyId: string;
      inFlight?: 'wait' | 'exit';
      note?: string;
      options: JourneysOptions;
    };

const COMMANDS = ['list', 'pause', 'resume', 'stop', 'shadow', 'unshadow'] as const;

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: '.data' },
      parameter: { type: 'string' },
      region: { type: 'string' },
      exit: { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      note: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}

/** Reads the command line of `npm run journeys`; throws `UsageError` naming the mistake. */
export function parseJourneysArgs(argv: readonly string[]): JourneysCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, journeyId, ...extra] = positionals;
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number])) {
    throw new UsageError(
      `expected list, pause, resume, stop, shadow or unshadow, got ${command ?? 'nothing'}\n\n${USAGE}`,
    );
  }
  if (values.region && !values.parameter) throw new UsageError('--region reads a deployed stage: add --parameter');
  const options: JourneysOptions = {
    dataDir: values['data-dir'],
    json: values.json,
    ...(values.parameter
      ? { aws: { parameter: values.parameter, ...(values.region ? { region: values.region } : {}) } }
      : {}),
  };
  if (command === 'list') {
    if (journeyId !== undefined) throw new UsageError('list takes no journey id');
    return { kind: 'list', options };
  }
  if (journeyId === undefined || extra.length > 0) throw new UsageError(`${command} takes exactly one journey id`);
  if (values.exit && values.wait) throw new UsageError('--exit and --wait exclude each other');
  if ((values.exit || values.wait) && command !== 'pause') throw new UsageError('--exit and --wait only go with pause');
  if (values.note !== undefined && values.note.length > 500)
    throw new UsageError('--note is limited to 500 characters');
  if (command === 'shadow' || command === 'unshadow') return shadowCommand(command, journeyId, options);
  return {
    kind: 'change',
    command: command as LifecycleCommand,
    journeyId,
    ...(values.exit ? { inFlight: 'exit' as const } : values.wait ? { inFlight: 'wait' as const } : {}),
    ...(values.note ? { note: values.note } : {}),
    options,
  };
}

function shadowCommand(command: 'shadow' | 'unshadow', ref: string, options: JourneysOptions): JourneysCommand {
  if (command === 'unshadow') {
    if (ref.includes('@')) throw new UsageError(`unshadow takes a journey id without a version, got ${ref}`);
    return { kind: 'shadow', journeyId: ref, version: undefined, options };
  }
  const { journeyId, version } = parseVersionRef(ref, 'shadow');
  return { kind: 'shadow', journeyId, version, options };
}
