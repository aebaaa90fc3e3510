import type { FieldIssue } from '../errors.ts';
import type { EventTimeRules } from '../policy/config.ts';
import { toIso, toMs } from '../time.ts';

const minutesOf = (ms: number) => `${Math.round(ms / 60_000)} minutes`;
const daysOf = (ms: number) => `${Math.round(ms / 86_400_000)} days`;

/**
 * Whether an event's time can be accepted at receipt `now` (decision 0005): not more than the skew allowance in the
 * future (a grant dated 9999 must not outlive every later withdrawal), not before `earliest`, and not older than
 * `horizon`, when given (the dedupe horizon: such an event could not be told from a duplicate). Returns the broken
 * rule, if any.
 */
export function eventTimeIssue(
  occurredAt: string,
  now: number,
  rules: EventTimeRules,
  horizon?: number,
): FieldIssue | undefined {
  const occurred = toMs(occurredAt);
  const field = 'detail.occurredAt';
  if (occurred > now + rules.maxFutureSkew) {
    return {
      field,
      rule: `must not be more than ${minutesOf(rules.maxFutureSkew)} after its receipt (${toIso(now)})`,
    };
  }
  if (occurred < toMs(rules.earliest)) return { field, rule: `must not be before ${rules.earliest}` };
  if (horizon !== undefined && occurred < now - horizon) {
    return {
      field,
      rule: `must be within the ${daysOf(horizon)} dedupe horizon (older events cannot be told from a duplicate)`,
    };
  }
  return undefined;
}
