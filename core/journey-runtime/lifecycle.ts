import * as z from 'zod';
import { InvalidLifecycleConfigError } from '../errors.ts';
import type { PolicyConfig } from '../policy/config.ts';
import { minutes } from '../time.ts';
import type { JourneyDefinition } from './definition.ts';

/**
 * Where a journey is in its life, set by operators without a deploy (an SSM parameter on AWS, a file locally):
 * `active` admits and runs customers, `paused` admits nobody and holds or ends the customers in it, `stopped` admits
 * nobody and ends everyone in it.
 */
export const LIFECYCLE_STATES = ['active', 'paused', 'stopped'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

const lifecycleEntrySchema = z.strictObject({
  state: z.enum(LIFECYCLE_STATES),
  /** When the operator set it. */
  since: z.iso.datetime({ offset: true }),
  /** Overrides the journey's `whilePaused` for this pause. */
  inFlight: z.enum(['wait', 'exit']).optional(),
  note: z.string().max(500).optional(),
  /** A version running beside the live one as a shadow: it decides as if live, records outcome `shadow`, sends nothing. */
  shadow: z.strictObject({ version: z.number().int().positive(), since: z.iso.datetime({ offset: true }) }).optional(),
});

export type JourneyLifecycle = z.infer<typeof lifecycleEntrySchema>;
/** Every journey's lifecycle by journey id; a journey not listed is `active`. */
export type JourneyLifecycles = Readonly<Record<string, JourneyLifecycle>>;

/** The stored document: `{"v":1,"journeys":{"cart":{"state":"paused","since":"…"}}}`. */
export const lifecycleDocumentSchema = z.strictObject({
  v: z.literal(1),
  journeys: z.record(z.string(), lifecycleEntrySchema),
});
export type LifecycleDocument = z.infer<typeof lifecycleDocumentSchema>;

export const EMPTY_LIFECYCLE_DOCUMENT: LifecycleDocument = { v: 1, journeys: {} };

/** Parses the stored text; an empty text is the empty document. Throws `InvalidLifecycleConfigError` with the reason. */
export function parseLifecycleDocument(text: string, source: string): LifecycleDocument {
  if (text.trim() === '') return EMPTY_LIFECYCLE_DOCUMENT;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidLifecycleConfigError({ source, problem: 'not JSON', cause });
  }
  const parsed = lifecycleDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`);
    throw new InvalidLifecycleConfigError({ source, problem: problem.join('; ') });
  }
  const badId = Object.keys(parsed.data.journeys).find((id) => !/^[a-z][a-z0-9-]*$/.test(id));
  if (badId !== undefined) {
    throw new InvalidLifecycleConfigError({ source, problem: `journeys.${badId}: not a journey id (kebab-case)` });
  }
  return parsed.data;
}

export const formatLifecycleDocument = (document: LifecycleDocument): string =>
  `${JSON.stringify(document, null, 2)}\n`;

/** The state the engine sees for a journey. */
export function lifecycleStateOf(lifecycles: JourneyLifecycles | undefined, journeyId: string): LifecycleState {
  return lifecycles?.[journeyId]?.state ?? 'active';
}

/**
 * What the engine does with a journey: `run` (active), `hold` (paused, customers wait), `end-paused` (paused,
 * customers exit) or `end-stopped` (stopped).
 */
export type LifecycleMode = 'run' | 'hold' | 'end-paused' | 'end-stopped';

export function lifecycleModeOf(
  lifecycles: JourneyLifecycles | undefined,
  definition: Pick<JourneyDefinition, 'id' | 'whilePaused'>,
): LifecycleMode {
  const entry = lifecycles?.[definition.id];
  if (!entry || entry.state === 'active') return 'run';
  if (entry.state === 'stopped') return 'end-stopped';
  return (entry.inFlight ?? definition.whilePaused ?? 'wait') === 'wait' ? 'hold' : 'end-paused';
}

/** How long a paused journey's held waits and messages wait before they are looked at again, unless the policy says. */
export const DEFAULT_PAUSED_RECHECK = minutes(15);

export const pausedRecheckOf = (policy: PolicyConfig): number => policy.pausedRecheck ?? DEFAULT_PAUSED_RECHECK;

/** The shadow version an operator runs beside a journey, if any. */
export function shadowVersionOf(lifecycles: JourneyLifecycles | undefined, journeyId: string): number | undefined {
  return lifecycles?.[journeyId]?.shadow?.version;
}

/**
 * The document with a shadow version started (`version`) or ended (undefined) for a journey, or why it is refused.
 * Whether the version exists is the caller's to check (the registry knows); a stopped journey runs no shadow.
 */
export function changeShadow(
  document: LifecycleDocument,
  journeyId: string,
  version: number | undefined,
  at: string,
): LifecycleDocument | { refused: string } {
  const entry = document.journeys[journeyId] ?? { state: 'active' as const, since: at };
  if (entry.state === 'stopped') return { refused: `${journeyId} is stopped; a stopped journey runs no shadow` };
  if (version === undefined && !entry.shadow) return { refused: `${journeyId} has no shadow version running` };
  if (version !== undefined && entry.shadow?.version === version) {
    return { refused: `${journeyId}@${version} already runs as a shadow since ${entry.shadow.since}` };
  }
  const { shadow: _ended, ...rest } = entry;
  const next: JourneyLifecycle = version === undefined ? rest : { ...rest, shadow: { version, since: at } };
  return { ...document, journeys: { ...document.journeys, [journeyId]: next } };
}

/** What an operator asks for with `npm run journeys -- pause|resume|stop <id>`. */
export type LifecycleCommand = 'pause' | 'resume' | 'stop';

const STATE_AFTER: Record<LifecycleCommand, LifecycleState> = { pause: 'paused', resume: 'active', stop: 'stopped' };

/**
 * The document after an operator's command, or the sentence saying why it is refused: a stopped journey stays stopped
 * (its customers were ended; a new journey id starts it over), and a command that changes nothing is refused so the
 * operator notices. `at` is the ISO time the change takes effect from.
 */
export function changeLifecycle(
  document: LifecycleDocument,
  journeyId: string,
  command: LifecycleCommand,
  options: { at: string; inFlight?: 'wait' | 'exit'; note?: string },
): LifecycleDocument | { refused: string } {
  const current = document.journeys[journeyId]?.state ?? 'active';
  const next = STATE_AFTER[command];
  if (current === 'stopped') return { refused: `${journeyId} is stopped; a stopped journey cannot be ${next} again` };
  if (current === next) return { refused: `${journeyId} is already ${current}` };
  if (options.inFlight !== undefined && command !== 'pause') {
    return { refused: '--exit and --wait only go with pause' };
  }
  const shadow = document.journeys[journeyId]?.shadow;
  const entry: JourneyLifecycle = {
    state: next,
    since: options.at,
    ...(options.inFlight ? { inFlight: options.inFlight } : {}),
    ...(options.note ? { note: options.note } : {}),
    ...(shadow && next !== 'stopped' ? { shadow } : {}),
  };
  return { ...document, journeys: { ...document.journeys, [journeyId]: entry } };
}
