import type { AnyStateMachine } from 'xstate';
import { UnknownDelayError } from '../errors.ts';

interface NodeLike {
  id: string;
  key: string;
  type: string;
  config: Record<string, unknown>;
  states: Record<string, NodeLike>;
  after: Array<{ delay: unknown; eventType: string }>;
}

function* walk(node: NodeLike): Generator<NodeLike> {
  yield node;
  for (const child of Object.values(node.states)) yield* walk(child);
}

function* actionsIn(value: unknown): Generator<{ type?: unknown; params?: unknown }> {
  if (Array.isArray(value)) {
    for (const item of value) yield* actionsIn(item);
  } else if (value && typeof value === 'object') {
    if ('type' in value) yield value as { type?: unknown; params?: unknown };
    if ('actions' in value) yield* actionsIn((value as { actions: unknown }).actions);
  }
}

function transitionConfigs(config: Record<string, unknown>): unknown[] {
  const groups = [config.on, config.after].filter((group) => group && typeof group === 'object') as object[];
  return [config.entry, config.exit, config.always, ...groups.flatMap((group) => Object.values(group))];
}

/** Names of every message the machine asks for through `sendMessage` actions. */
export function collectMessageActions(machine: AnyStateMachine): Set<string> {
  const names = new Set<string>();
  for (const node of walk(machine.root as unknown as NodeLike)) {
    for (const config of transitionConfigs(node.config)) {
      for (const action of actionsIn(config)) {
        if (action.type !== 'sendMessage') continue;
        const params = action.params as { message?: unknown } | undefined;
        if (typeof params?.message !== 'string') {
          throw new TypeError(`sendMessage in ${node.id} needs static params { message: '<name>' }`);
        }
        names.add(params.message);
      }
    }
  }
  return names;
}

/** Throws `UnknownDelayError` for an `after` delay name without an implementation in `setup({ delays })`. */
export function assertDelaysResolve(journeyId: string, machine: AnyStateMachine): void {
  const delays = machine.implementations.delays ?? {};
  for (const node of walk(machine.root as unknown as NodeLike)) {
    for (const delayed of node.after) {
      if (typeof delayed.delay === 'string' && !Object.hasOwn(delays, delayed.delay)) {
        throw new UnknownDelayError({ journeyId, delayEvent: delayed.eventType });
      }
    }
  }
}
