import { SSMClient } from '@aws-sdk/client-ssm';
import { SsmJourneyLifecycleStore } from '../../adapters/aws/ssm-journey-lifecycle.ts';
import { FileJourneyLifecycleStore } from '../../adapters/local/file-journey-lifecycle.ts';
import type { JourneyDefinition } from '../../core/journey-runtime/definition.ts';
import {
  changeLifecycle,
  changeShadow,
  type LifecycleDocument,
  lifecycleModeOf,
} from '../../core/journey-runtime/lifecycle.ts';
import type { JourneyLifecycleStore } from '../../core/ports/journey-lifecycle.ts';
import { toIso } from '../../core/time.ts';
import { CliError, UsageError } from '../cli-errors.ts';
import { localPaths } from '../local/local-services.ts';
import { type JourneysOptions, parseJourneysArgs, USAGE } from './args.ts';

export interface JourneysIo {
  out(text: string): void;
  err(text: string): void;
  now(): number;
  /** The deployed journeys (default: journeys/index.ts). */
  journeys: readonly Pick<JourneyDefinition, 'id' | 'version' | 'whilePaused'>[];
  /** Every version a shadow may run: older live versions and candidates (default: journeys/index.ts). */
  versions?: readonly Pick<JourneyDefinition, 'id' | 'version'>[];
  /** Where the document lives (default: the file, or the SSM parameter with --parameter). */
  openStore?(options: JourneysOptions): JourneyLifecycleStore;
}

function openStore(options: JourneysOptions): JourneyLifecycleStore {
  if (!options.aws) return new FileJourneyLifecycleStore(localPaths(options.dataDir).lifecycle);
  const client = new SSMClient(options.aws.region ? { region: options.aws.region } : {});
  return new SsmJourneyLifecycleStore({ client, parameterName: options.aws.parameter });
}

interface ListedJourney {
  id: string;
  version: number | null;
  state: string;
  since: string | null;
  /** What a pause does (or would do) to the customers in it. */
  whilePaused: 'wait' | 'exit';
  /** The version running as a shadow beside the live one. */
  shadow: number | null;
  note: string | null;
}

function listed(document: LifecycleDocument, journeys: JourneysIo['journeys']): ListedJourney[] {
  const deployed = journeys.map((journey) => {
    const entry = document.journeys[journey.id];
    const mode = lifecycleModeOf({ [journey.id]: { since: '', ...entry, state: 'paused' } }, journey);
    return {
      id: journey.id,
      version: journey.version,
      state: entry?.state ?? 'active',
      since: entry?.since ?? null,
      whilePaused: mode === 'end-paused' ? ('exit' as const) : ('wait' as const),
      shadow: entry?.shadow?.version ?? null,
      note: entry?.note ?? null,
    };
  });
  const unknown = Object.entries(document.journeys)
    .filter(([id]) => !journeys.some((journey) => journey.id === id))
    .map(([id, entry]) => ({
      id,
      version: null,
      state: `${entry.state} (not deployed)`,
      since: entry.since,
      whilePaused: entry.inFlight ?? ('wait' as const),
      shadow: entry.shadow?.version ?? null,
      note: entry.note ?? null,
    }));
  return [...deployed, ...unknown];
}

function table(rows: ListedJourney[], location: string): string {
  const header = ['journey', 'version', 'state', 'since', 'while paused', 'shadow', 'note'];
  const cells = rows.map((row) => [
    row.id,
    String(row.version ?? '-'),
    row.state,
    row.since ?? '-',
    row.whilePaused,
    row.shadow === null ? '-' : `${row.id}@${row.shadow}`,
    row.note ?? '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  const line = (values: string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [`Journeys (lifecycle from ${location})`, line(header), ...cells.map(line)].join('\n');
}

async function changeShadowRun(
  store: JourneyLifecycleStore,
  document: LifecycleDocument,
  journeyId: string,
  version: number | undefined,
  io: JourneysIo,
): Promise<void> {
  const versions = (io.versions ?? io.journeys)
    .filter((journey) => journey.id === journeyId)
    .sort((a, b) => a.version - b.version);
  if (version !== undefined && !versions.some((journey) => journey.version === version)) {
    const known = versions.map((journey) => `${journey.id}@${journey.version}`).join(', ');
    throw new UsageError(`no version ${journeyId}@${version}; the versions are ${known}`);
  }
  const live = io.journeys.find((journey) => journey.id === journeyId)?.version;
  if (version !== undefined && version === live) {
    throw new UsageError(`${journeyId}@${version} is the live version; a shadow runs another one`);
  }
  const next = changeShadow(document, journeyId, version, toIso(io.now()));
  if ('refused' in next) throw new CliError(next.refused);
  await store.write(next);
  io.out(
    version === undefined
      ? `${journeyId} runs no shadow any more (${store.location}); its shadow state goes at each customer's next event`
      : `${journeyId}@${version} runs as a shadow beside ${journeyId}@${live} since ${next.journeys[journeyId]?.shadow?.since} ` +
          `(${store.location}): it records outcome shadow and sends nothing; the engine sees it within a minute`,
  );
}

/**
 * `npm run journeys`: list the journeys with their lifecycle state, or pause, resume or stop one by rewriting the
 * lifecycle document (a file locally, an SSM parameter on AWS). Returns the exit code.
 */
export async function runJourneys(argv: readonly string[], io: JourneysIo): Promise<number> {
  try {
    const command = parseJourneysArgs(argv);
    if (command.kind === 'help') {
      io.out(USAGE);
      return 0;
    }
    const store = (io.openStore ?? openStore)(command.options);
    const document = await store.read();
    if (command.kind === 'list') {
      const rows = listed(document, io.journeys);
      io.out(command.options.json ? JSON.stringify(rows, null, 2) : table(rows, store.location));
      return 0;
    }
    const { journeyId } = command;
    if (!io.journeys.some((journey) => journey.id === journeyId)) {
      const known = io.journeys.map((journey) => journey.id).join(', ');
      throw new UsageError(`no journey ${journeyId}; the journeys are ${known}`);
    }
    if (command.kind === 'shadow') {
      await changeShadowRun(store, document, journeyId, command.version, io);
      return 0;
    }
    const change = command.command;
    const next = changeLifecycle(document, journeyId, change, {
      at: toIso(io.now()),
      ...(command.inFlight ? { inFlight: command.inFlight } : {}),
      ...(command.note ? { note: command.note } : {}),
    });
    if ('refused' in next) throw new CliError(next.refused);
    await store.write(next);
    const entry = next.journeys[journeyId];
    io.out(
      `${journeyId} is ${entry?.state} since ${entry?.since} (${store.location}); the engine sees it within a minute`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err(error.message);
    return error.exitCode;
  }
}
