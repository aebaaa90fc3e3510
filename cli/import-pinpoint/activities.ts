import type { Category } from '../../core/customer/messages.ts';
import type { Channel, DetailType } from '../../core/events/schemas.ts';
import { type EventMap, isoDuration } from './events.ts';
import type { ConditionBranch, ImportedJourney, ImportedState, ReportEntry } from './model.ts';
import type { PinpointActivity, PinpointJourney, PinpointWaitTime } from './pinpoint-schema.ts';
import { KNOWN_ACTIVITY_FIELDS } from './pinpoint-schema.ts';
import { remember } from './remembered-conditions.ts';
import { labelSplits } from './split-labels.ts';

type Graph = Pick<ImportedJourney, 'initial' | 'states' | 'messages' | 'delays' | 'conditions'>;

export const COMPLETED = 'completed';
const CHANNELS: Readonly<Record<string, Channel>> = { EMAIL: 'email', SMS: 'sms', PUSH: 'push' };

/** `Send-Reminder_1` → `sendReminder1`: an identifier for states, messages and delays. */
export function camel(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words
    .map((word, index) => (index === 0 ? word[0]!.toLowerCase() : word[0]!.toUpperCase()) + word.slice(1))
    .join('');
  return /^[a-z]/.test(joined) ? joined : `activity${joined[0]?.toUpperCase() ?? ''}${joined.slice(1)}`;
}
/** `Cart Reminder` → `cart-reminder`: a template directory name. */
export const kebab = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

interface Context {
  journey: PinpointJourney;
  events: EventMap;
  facts: string[];
  triggers: DetailType[];
  report: ReportEntry[];
  graph: Graph;
  category: Category;
}

/** Turns Pinpoint's activities into states, messages, delays and remembered conditions. */
export function mapActivities(context: Omit<Context, 'graph'>): Graph {
  const activities = context.journey.Activities ?? {};
  const graph: Graph = {
    initial: camel(context.journey.StartActivity!),
    states: {},
    messages: {},
    delays: {},
    conditions: [],
  };
  const ctx = { ...context, graph };
  const target = (id: string | undefined) => (id === undefined ? COMPLETED : camel(id));
  for (const [id, activity] of Object.entries(activities)) {
    const state = mapActivity(ctx, id, activity, target);
    graph.states[camel(id)] = state;
    for (const field of Object.keys(activity)) {
      if (!KNOWN_ACTIVITY_FIELDS.has(field))
        context.report.push({
          path: `Activities.${id}.${field}`,
          status: 'unsupported',
          note: 'unknown to this importer',
        });
    }
    if (activity.Description)
      context.report.push({
        path: `Activities.${id}.Description`,
        status: 'mapped',
        to: `comment on state ${camel(id)}`,
        note: activity.Description,
      });
  }
  graph.states[COMPLETED] = { kind: 'final', note: 'the end of every path (an activity without a next one)' };
  labelSplits(graph);
  return graph;
}

function mapActivity(
  ctx: Context,
  id: string,
  activity: PinpointActivity,
  target: (id: string | undefined) => string,
): ImportedState {
  const path = `Activities.${id}`;
  const add = (entry: Omit<ReportEntry, 'path'> & { path?: string }) => ctx.report.push({ path, ...entry });
  const name = camel(id);
  for (const key of ['EMAIL', 'SMS', 'PUSH'] as const) {
    const message = activity[key];
    if (!message) continue;
    const category: Category =
      key === 'SMS' && activity.SMS?.MessageConfig?.MessageType === 'TRANSACTIONAL' ? 'transactional' : ctx.category;
    const template = kebab(message.TemplateName ?? id);
    ctx.graph.messages[name] = {
      channel: CHANNELS[key]!,
      template,
      category,
      variables: ctx.facts,
      source: {
        activity: id,
        ...(message.TemplateName ? { templateName: message.TemplateName } : {}),
        ...(message.TemplateVersion ? { templateVersion: message.TemplateVersion } : {}),
      },
    };
    add({
      status: 'mapped',
      to: `state ${name}, message ${name}`,
      note: `${key} with template ${message.TemplateName ?? '(none)'} → ${CHANNELS[key]} ${template} (${category}${key === 'SMS' ? '' : ', Pinpoint has no category: promotional unless --transactional'})`,
    });
    if (message.MessageConfig && Object.keys(message.MessageConfig).length > 0)
      add({
        path: `${path}.${key}.MessageConfig`,
        status: 'ignored',
        note: 'sender settings live in the channel adapters (SES identity, SMS origination)',
      });
    if (message.TemplateVersion)
      add({ path: `${path}.${key}.TemplateVersion`, status: 'ignored', note: 'templates are versioned with the code' });
    return { kind: 'message', activity: id, message: name, next: target(message.NextActivity) };
  }
  if (activity.Wait) {
    const delay = waitDelay(ctx, `${path}.Wait.WaitTime`, activity.Wait.WaitTime, `${name}Wait`);
    if (!delay)
      return {
        kind: 'pass',
        activity: id,
        next: target(activity.Wait.NextActivity),
        note: 'WaitUntil is not supported: customers go straight on',
      };
    add({ status: 'mapped', to: `state ${name}, delay ${delay}`, note: `wait ${activity.Wait.WaitTime.WaitFor}` });
    return { kind: 'wait', activity: id, delay, next: target(activity.Wait.NextActivity) };
  }
  if (activity.ConditionalSplit) {
    const split = activity.ConditionalSplit;
    const delay = split.EvaluationWaitTime
      ? waitDelay(ctx, `${path}.ConditionalSplit.EvaluationWaitTime`, split.EvaluationWaitTime, `${name}Evaluation`)
      : undefined;
    const operator = split.Condition?.Operator === 'ANY' ? 'any' : 'all';
    const conditions = (split.Condition?.Conditions ?? []).flatMap((condition, index) =>
      remember(ctx, `${path}.ConditionalSplit.Condition.Conditions.${index}`, condition, `${name}${index}`),
    );
    const branches: ConditionBranch[] =
      conditions.length > 0 ? [{ conditions, operator, target: target(split.TrueActivity) }] : [];
    add({
      status: conditions.length > 0 ? 'mapped' : 'unsupported',
      to: `state ${name}`,
      note:
        conditions.length > 0
          ? `yes/no split: yes when ${operator} of [${conditions.join(', ')}] were seen since entry${delay ? `, decided after ${delay}` : ''}`
          : 'no condition could be imported: everyone takes the "no" branch',
    });
    return {
      kind: 'conditional',
      activity: id,
      ...(delay ? { delay } : {}),
      branches,
      otherwise: target(split.FalseActivity),
    };
  }
  if (activity.MultiCondition) {
    const multi = activity.MultiCondition;
    const delay = multi.EvaluationWaitTime
      ? waitDelay(ctx, `${path}.MultiCondition.EvaluationWaitTime`, multi.EvaluationWaitTime, `${name}Evaluation`)
      : undefined;
    const branches = (multi.Branches ?? []).flatMap((branch, index): ConditionBranch[] => {
      const conditions = branch.Condition
        ? remember(ctx, `${path}.MultiCondition.Branches.${index}.Condition`, branch.Condition, `${name}${index}`)
        : [];
      return conditions.length > 0 ? [{ conditions, operator: 'all', target: target(branch.NextActivity) }] : [];
    });
    add({
      status: 'mapped',
      to: `state ${name}`,
      note: `multivariate split: the first branch whose condition was seen, else ${target(multi.DefaultActivity)}`,
    });
    return {
      kind: 'conditional',
      activity: id,
      ...(delay ? { delay } : {}),
      branches,
      otherwise: target(multi.DefaultActivity),
    };
  }
  if (activity.RandomSplit) {
    let below = 0;
    const branches = activity.RandomSplit.Branches.map((branch, index) => {
      below += branch.Percentage ?? 0;
      return {
        below,
        variant: branch.NextActivity ? kebab(branch.NextActivity) : `branch-${index + 1}`,
        target: target(branch.NextActivity),
      };
    });
    if (below !== 100)
      add({
        status: 'approximated',
        note: `branch percentages add up to ${below}, not 100: the last branch takes the rest`,
      });
    branches.at(-1)!.below = 100;
    add({
      status: 'mapped',
      to: `state ${name}`,
      note: `random split ${activity.RandomSplit.Branches.map((b) => `${b.Percentage ?? 0}%`).join(' / ')} on the journey's deterministic bucket; messages after a branch record it as split ${kebab(id)}`,
    });
    return { kind: 'random', activity: id, split: kebab(id), branches };
  }
  if (activity.Holdout) {
    add({
      status: 'mapped',
      to: `state ${name}`,
      note: `${activity.Holdout.Percentage}% of entries exit as heldOut, on the journey's deterministic bucket (the house policy's global holdout applies as well)`,
    });
    return {
      kind: 'holdout',
      activity: id,
      split: kebab(id),
      percent: activity.Holdout.Percentage,
      next: target(activity.Holdout.NextActivity),
    };
  }
  const other = activity.CUSTOM ? 'CUSTOM' : activity.ContactCenter ? 'ContactCenter' : undefined;
  const next = activity.CUSTOM?.NextActivity ?? activity.ContactCenter?.NextActivity;
  add({
    status: 'unsupported',
    to: `state ${name} (pass-through)`,
    note: other
      ? `${other} activities (${other === 'CUSTOM' ? 'Lambda or webhook' : 'Amazon Connect'}) have no channel here: customers go straight on`
      : 'no activity type this importer knows: customers go straight on',
  });
  return { kind: 'pass', activity: id, next: target(next), note: `${other ?? 'unknown'} activity not imported` };
}

function waitDelay(ctx: Context, path: string, wait: PinpointWaitTime, name: string): string | undefined {
  if (wait.WaitFor) {
    const duration = isoDuration(wait.WaitFor);
    ctx.graph.delays[name] = duration.ms;
    if (duration.approximate)
      ctx.report.push({
        path,
        status: 'approximated',
        to: `delay ${name}`,
        note: `${wait.WaitFor}: months are 30 days, years 365`,
      });
    return name;
  }
  ctx.report.push({
    path,
    status: 'unsupported',
    note: `WaitUntil ${wait.WaitUntil ?? ''}: journeys wait for durations; machines have no clock to wait until a date`,
  });
  return undefined;
}
