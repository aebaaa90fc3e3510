import { durationCode } from './events.ts';
import type { ImportedJourney, ImportedState } from './model.ts';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const key = (name: string) => (IDENTIFIER.test(name) ? name : literal(name));

/** A value as TypeScript: single-quoted strings, bare keys where possible, one line. */
export function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map((item) => literal(item)).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([name, item]) => `${key(name)}: ${literal(item)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** Like `literal`, broken over lines (two-space indent) wherever one line would pass 100 columns. */
export function pretty(value: unknown, indent = ''): string {
  const flat = literal(value);
  if (indent.length + flat.length <= 100 || !value || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value))
    return `[\n${value.map((item) => `${inner}${pretty(item, inner)},`).join('\n')}\n${indent}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return `{\n${entries.map(([name, item]) => `${inner}${key(name)}: ${pretty(item, inner)},`).join('\n')}\n${indent}}`;
}

const comment = (text: string) => text.replace(/\*\//g, '*\\/');

function stateCode(name: string, state: ImportedState, journey: ImportedJourney): string {
  const about =
    state.kind === 'final' ? `    // ${comment(state.note)}\n` : `    // Pinpoint activity ${state.activity}\n`;
  const stateKey = key(name);
  switch (state.kind) {
    case 'message': {
      const params = { message: state.message, ...(state.split ? { split: state.split } : {}) };
      return `${about}    ${stateKey}: {\n      entry: { type: 'sendMessage', params: ${literal(params)} },\n      always: ${literal(state.next)},\n    },`;
    }
    case 'wait':
      return `${about}    ${stateKey}: { after: { ${state.delay}: ${literal(state.next)} } },`;
    case 'pass':
      return `${about}    // NOT IMPORTED: ${comment(state.note)} (see the import report)\n    ${stateKey}: { always: ${literal(state.next)} },`;
    case 'conditional': {
      const branches = [
        ...state.branches.map(
          (branch) =>
            `{ guard: { type: 'saw', params: ${literal({ conditions: branch.conditions, operator: branch.operator })} }, target: ${literal(branch.target)} }`,
        ),
        `{ target: ${literal(state.otherwise)} }`,
      ];
      const list = `[\n        ${branches.join(',\n        ')},\n      ]`;
      return state.delay
        ? `${about}    ${stateKey}: {\n      after: {\n        ${state.delay}: ${list.replace(/\n {6}/g, '\n        ')},\n      },\n    },`
        : `${about}    ${stateKey}: {\n      always: ${list},\n    },`;
    }
    case 'random': {
      const branches = state.branches.map((branch, index) =>
        index === state.branches.length - 1
          ? `{ target: ${literal(branch.target)} }`
          : `{ guard: { type: 'inBucket', params: ${literal({ split: state.split, below: branch.below })} }, target: ${literal(branch.target)} }`,
      );
      return `${about}    ${stateKey}: {\n      always: [\n        ${branches.join(',\n        ')},\n      ],\n    },`;
    }
    case 'holdout':
      return `${about}    ${stateKey}: {\n      always: [\n        { guard: { type: 'inBucket', params: ${literal({ split: state.split, below: state.percent })} }, target: 'heldOut' },\n        { target: ${literal(state.next)} },\n      ],\n    },`;
    case 'final':
      return `${about}    ${stateKey}: { type: 'final' },`;
  }
  return journey.id;
}

/** The journey file: typed XState machine, messages, metadata and the pending Pinpoint settings. */
export function renderJourney(journey: ImportedJourney, corePath: string): string {
  const exportName = `${journey.id.replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase())}Journey`;
  const triggerType = journey.triggers.map((type) => `'${type}'`).join(' | ');
  const otherTypes = journey.eventTypes.filter((type) => !journey.triggers.includes(type));
  const delays = Object.entries(journey.delays).map(([name, ms]) => `${name}: ${durationCode(ms)}`);
  const durations = [
    ...Object.values(journey.delays),
    ...journey.caps.map((cap) => cap.window),
    journey.entry.reentryCooldown ?? 1,
  ];
  const timeHelpers = ['days', 'hours', 'minutes'].filter((helper) =>
    durations.some((ms) => durationCode(ms).startsWith(`${helper}(`)),
  );
  const messages = Object.entries(journey.messages).map(
    ([name, message]) =>
      `  ${name}: { channels: [${literal(message.channel)}], template: ${literal(message.template)}, category: ${literal(message.category)}, variables: FACTS },`,
  );
  const conditions = journey.conditions.map(
    (condition) =>
      `  ${condition.id}: { types: ${literal(condition.types)}${condition.pattern ? `, pattern: compilePattern(${literal(condition.pattern)})` : ''} },`,
  );
  const remembered = [...new Set(journey.conditions.flatMap((condition) => condition.types))];
  const usesBuckets = Object.values(journey.states).some(
    (state) => state.kind === 'random' || state.kind === 'holdout',
  );
  const hasHoldout = Object.values(journey.states).some((state) => state.kind === 'holdout');
  const states = Object.entries(journey.states).map(([name, state]) => stateCode(name, state, journey));
  if (hasHoldout) states.push("    // held out by a Pinpoint holdout activity\n    heldOut: { type: 'final' },");
  const helpers = [
    'factsOf',
    ...(journey.conditions.length > 0 ? ['rememberMatches', 'type RememberedCondition', 'sawConditions'] : []),
    ...(usesBuckets ? ['splitBucket'] : []),
  ];
  const entry = {
    triggers: journey.triggers,
    ...(journey.entry.maxEntries ? { maxEntries: journey.entry.maxEntries } : {}),
  };
  const entryCode = literal(entry).replace(
    / }$/,
    journey.entry.reentryCooldown ? `, reentryCooldown: ${durationCode(journey.entry.reentryCooldown)} }` : ' }',
  );
  const caps = journey.caps.map((cap) => `{ max: ${cap.max}, window: ${durationCode(cap.window)} }`);
  return `/**
 * ${comment(journey.name)}: imported from an Amazon Pinpoint journey by \`npm run import:pinpoint\`
 * from ${comment(journey.sourceFile)}.
 *${journey.description ? ` Who enters: ${comment(journey.description)}.` : ''}
 * Review it, then add it to journeyDefinitions in journeys/index.ts. What did not come over, and why, is in the import
 * report next to this file.
 */
import { ${journey.conditions.length > 0 ? 'assign, ' : ''}setup } from 'xstate';
import type { JourneyEventOf } from '${corePath}/events/journey-events.ts';
import { defineJourney, type JourneyInput, journeyMessages } from '${corePath}/journey-runtime/definition.ts';
import { ${helpers.join(', ')} } from '${corePath}/journey-runtime/imported-journey.ts';
${journey.conditions.some((condition) => condition.pattern) ? `import { compilePattern } from '${corePath}/patterns/compile-pattern.ts';\n` : ''}${timeHelpers.length > 0 ? `import { ${timeHelpers.join(', ')} } from '${corePath}/time.ts';\n` : ''}
type TriggerEvent = JourneyEventOf<${triggerType}>;
type ImportedEvent = TriggerEvent${otherTypes.length > 0 ? ` | JourneyEventOf<${otherTypes.map((type) => `'${type}'`).join(' | ')}>` : ''};

/** Facts copied from the trigger for the templates (never identifiers). */
const FACTS = ${literal(journey.facts)} as const;
type ImportedContext = Record<(typeof FACTS)[number], string | number | boolean | null> & {
  bucket: number;
  /** Conditions met since the entry, for the yes/no splits. */
  seen: string[];
};

const { messages, sendMessage } = journeyMessages({
${messages.join('\n')}
});
${
  conditions.length > 0
    ? `
/** Events the journey remembers for its splits: detail-types and an EventBridge pattern on the detail. */
const CONDITIONS: Record<string, RememberedCondition> = {
${conditions.join('\n')}
};
`
    : ''
}
const machine = setup({
  types: {} as { context: ImportedContext; events: ImportedEvent; input: JourneyInput<TriggerEvent> },
  delays: { ${delays.join(', ')} },
  guards: {
${journey.conditions.length > 0 ? "    saw: ({ context }, params: { conditions: string[]; operator: 'all' | 'any' }) =>\n      sawConditions(context.seen, params.conditions, params.operator),\n" : ''}${usesBuckets ? '    inBucket: ({ context }, params: { split: string; below: number }) => splitBucket(context.bucket, params.split) < params.below,\n' : ''}  },
  actions: {
    sendMessage,
${journey.conditions.length > 0 ? '    remember: assign({ seen: ({ context, event }) => rememberMatches(CONDITIONS, context.seen, event) }),\n' : ''}  },
}).createMachine({
  id: ${literal(journey.id)},
  context: ({ input }) => ({ bucket: input.bucket, seen: [], ...factsOf(input.trigger, FACTS) }),
  initial: ${literal(journey.initial)},
${remembered.length > 0 ? `  on: { ${remembered.map((type) => `'${type}': { actions: 'remember' }`).join(', ')} },\n` : ''}  states: {
${states.join('\n')}
  },
});

/**
 * Pinpoint settings for engine features that are not on main yet (issue 16): entryFilter → entry.filter (item 1),
 * sendWindows → sendWindows (item 3), limits → limits (item 4), lifecycle → the lifecycle file (item 5). Move each
 * into the definition below when its feature lands; until then they do nothing.
 */
export const pendingPinpointSettings = ${pretty(journey.pending)} as const;

/** ${comment(journey.name)} (imported from Pinpoint). */
export const ${exportName} = defineJourney({
  id: ${literal(journey.id)},
  version: 1,
  goal: ${literal(`Imported from the Pinpoint journey "${journey.name}".`)},
  priority: 10,
  entry: ${entryCode},
  messages,
${caps.length > 0 ? `  caps: [${caps.join(', ')}],\n` : ''}  onConflict: 'defer',
  machine,
});
`;
}
