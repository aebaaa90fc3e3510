import { parseArgs } from 'node:util';
import { parseDuration } from '../../core/time.ts';
import { UsageError } from '../cli-errors.ts';

export const USAGE = `npm run why -- <customerId> [options]

Explains what the orchestrator did for one customer and why: pseudonym, journeys and their timers, consent, and
every message decision (sent, suppressed, deferred) with its reasons and the event that asked for it.

Local data (default; while npm start runs, or on its data directory after it stopped):
  --data-dir <dir>            local data directory (default .data)

Deployed stage (AWS credentials from the usual chain: AWS_PROFILE, environment, SSO, instance role):
  --table <name>              the journey table (stack output TableName)
  --pseudonym-secret <id>     name or ARN of the pseudonym key secret in Secrets Manager
  --region <region>           AWS region (default: from the environment or profile)

Both:
  --pseudonym <hex>           look up a pseudonym directly (no key needed; customerId may be left out)
  --since <duration|date>     decisions since 90m, 36h, 7d, 2w ago or since an ISO date (default 30d)
  --json                      print one JSON document instead of tables
  --help                      this text`;

export interface WhyOptions {
  customerId?: string;
  pseudonym?: string;
  /** Decisions decided at or after this time (epoch ms). */
  since: number;
  /** How `since` was given, for the heading. */
  sinceText: string;
  json: boolean;
  dataDir: string;
  aws?: { table: string; region?: string; pseudonymSecret?: string };
}

export type WhyCommand = { kind: 'help' } | { kind: 'explain'; options: WhyOptions };

function sinceOf(text: string, now: number): number {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const at = Date.parse(text);
    if (Number.isNaN(at)) throw new UsageError(`--since "${text}" is not a date (use e.g. 2026-11-01 or 7d)`);
    return at;
  }
  try {
    return now - parseDuration(text);
  } catch (error) {
    throw new UsageError(`--since ${(error as Error).message}`, { cause: error });
  }
}

/** Reads the command line of `npm run why`; throws `UsageError` naming the mistake. */
export function parseWhyArgs(argv: readonly string[], now: number): WhyCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 1) throw new UsageError(`expected one customerId, got ${positionals.length}`);
  const [customerId] = positionals;
  const pseudonym = values.pseudonym?.toLowerCase();
  if (pseudonym !== undefined && !/^[0-9a-f]{64}$/.test(pseudonym)) {
    throw new UsageError('--pseudonym must be the 64 hex characters of a pseudonym');
  }
  if (!customerId && !pseudonym) throw new UsageError(`a customerId is required\n\n${USAGE}`);
  const table = values.table;
  if (!table && (values['pseudonym-secret'] || values.region)) {
    throw new UsageError('--pseudonym-secret and --region read a deployed stage: add --table <name>');
  }
  if (table && !values['pseudonym-secret'] && !pseudonym) {
    throw new UsageError(
      '--table needs the pseudonym key: --pseudonym-secret <name or ARN> (see the stack resources), or --pseudonym <hex>',
    );
  }
  const sinceText = values.since;
  return {
    kind: 'explain',
    options: {
      ...(customerId ? { customerId } : {}),
      ...(pseudonym ? { pseudonym } : {}),
      since: sinceOf(sinceText, now),
      sinceText,
      json: values.json,
      dataDir: values['data-dir'],
      ...(table
        ? {
            aws: {
              table,
              ...(values.region ? { region: values.region } : {}),
              ...(values['pseudonym-secret'] ? { pseudonymSecret: values['pseudonym-secret'] } : {}),
            },
          }
        : {}),
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      since: { type: 'string', default: '30d' },
      'data-dir': { type: 'string', default: '.data' },
      json: { type: 'boolean', default: false },
      table: { type: 'string' },
      'pseudonym-secret': { type: 'string' },
      region: { type: 'string' },
      pseudonym: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
