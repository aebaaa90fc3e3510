import { CliError } from '../cli-errors.ts';
import { journeySchema, type PinpointJourney } from './pinpoint-schema.ts';

/** The Pinpoint journey file is not a journey: the message names the file, the path inside it and what is wrong. */
export class InvalidPinpointJourneyError extends CliError {
  override name = 'InvalidPinpointJourneyError';
  readonly source: string;
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[], options?: { cause?: unknown }) {
    super(`${source} is not a Pinpoint journey:\n  ${problems.join('\n  ')}`, options);
    this.source = source;
    this.problems = problems;
  }
}

/**
 * Parses the text of a `WriteJourneyRequest`, or of `aws pinpoint get-journey` output (`{"JourneyResponse": {…}}`),
 * with every problem named by its path, e.g. `Activities.Reminder.Wait.WaitTime.WaitFor: must be an ISO 8601 duration`.
 */
export function parsePinpointJourney(text: string, source: string): PinpointJourney {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidPinpointJourneyError(source, [`not JSON (${(cause as Error).message})`], { cause });
  }
  const wrapped = json && typeof json === 'object' && 'JourneyResponse' in json;
  const body = wrapped ? (json as { JourneyResponse: unknown }).JourneyResponse : json;
  const prefix = wrapped ? 'JourneyResponse.' : '';
  const parsed = journeySchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${prefix}${issue.path.map(String).join('.') || '(journey)'}: ${issue.message}`,
    );
    throw new InvalidPinpointJourneyError(source, problems);
  }
  const problems = graphProblems(parsed.data).map((problem) => `${prefix}${problem}`);
  if (problems.length > 0) throw new InvalidPinpointJourneyError(source, problems);
  return parsed.data;
}

/** Every activity another one points to must exist, and the start activity too. */
function graphProblems(journey: PinpointJourney): string[] {
  const activities = journey.Activities ?? {};
  const problems: string[] = [];
  if (Object.keys(activities).length === 0) problems.push('Activities: a journey needs at least one activity');
  if (journey.StartActivity === undefined) problems.push('StartActivity: required');
  else if (!Object.hasOwn(activities, journey.StartActivity)) {
    problems.push(`StartActivity: no activity "${journey.StartActivity}" in Activities`);
  }
  for (const [id, activity] of Object.entries(activities)) {
    for (const [path, target] of pointers(activity)) {
      if (!Object.hasOwn(activities, target)) problems.push(`Activities.${id}.${path}: no activity "${target}"`);
    }
  }
  return problems;
}

/** Every `NextActivity`-like pointer of an activity, with its path inside the activity. */
export function pointers(activity: Record<string, unknown>): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${path}.${index}`);
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (/^(NextActivity|TrueActivity|FalseActivity|DefaultActivity)$/.test(key) && typeof child === 'string') {
          found.push([at, child]);
        } else visit(child, at);
      }
    }
  };
  visit(activity, '');
  return found;
}
