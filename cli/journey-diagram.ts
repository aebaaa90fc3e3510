import type { AnyStateMachine } from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';
import { describeChannels } from '../core/customer/messages.ts';
import type { JourneyDefinition } from '../core/journey-runtime/definition.ts';

interface ActionLike {
  type?: string;
  params?: { message?: string };
}

function humanDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
  ];
  for (const [size, unit] of units) if (ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

function messagesOf(actions: unknown): string[] {
  const list = (Array.isArray(actions) ? actions : [actions]) as ActionLike[];
  return list.flatMap((action) =>
    action?.type === 'sendMessage' && action.params?.message ? [action.params.message] : [],
  );
}

function edgeLabel(
  machine: AnyStateMachine,
  eventType: string,
  transition: { guard?: unknown; actions: unknown },
): string {
  const delayed = /^xstate\.after\.([^.]+)\./.exec(eventType);
  let label = eventType;
  if (delayed) {
    const name = delayed[1] as string;
    const delay = (machine.implementations.delays as Record<string, unknown>)[name];
    label = `after ${name}${typeof delay === 'number' ? ` (${humanDuration(delay)})` : ''}`;
  }
  const guard = transition.guard as { type?: string } | string | undefined;
  const guardName = typeof guard === 'string' ? guard : guard?.type;
  if (guardName) label += ` [${guardName}]`;
  const sends = messagesOf(transition.actions);
  if (sends.length > 0) label += ` / send ${sends.join(', ')}`;
  return label;
}

function keyOf(id: string): string {
  return id.split('.').slice(1).join('_') || id;
}

/** Mermaid state diagram of a journey, generated from its definition (states, delays, guards, messages). */
export function journeyDiagram(journey: JourneyDefinition): string {
  const machine = journey.machine;
  const graph = toDirectedGraph(machine);
  const lines = ['stateDiagram-v2', `  %% ${journey.id} v${journey.version}: ${journey.goal}`];
  const topLevel = graph.children;
  const initial = machine.root.config.initial as string | undefined;
  if (initial) lines.push(`  [*] --> ${initial}`);
  const seen = new Set<string>();
  const addEdge = (source: string, target: string, label: string) => {
    const line = `  ${source} --> ${target}: ${label}`;
    if (!seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  };
  const nonFinal = topLevel.filter((node) => node.stateNode.type !== 'final');
  for (const edge of graph.edges) {
    for (const node of nonFinal) {
      addEdge(keyOf(node.id), keyOf(edge.target.id), edgeLabel(machine, edge.transition.eventType, edge.transition));
    }
  }
  const visit = (node: DirectedGraphNode) => {
    // Eventless (`always`) transitions are not in the directed graph: drawn as taken "at once".
    for (const transition of node.stateNode.always ?? []) {
      for (const target of transition.target ?? []) {
        addEdge(keyOf(node.id), keyOf(target.id), edgeLabel(machine, 'at once', transition));
      }
    }
    for (const edge of node.edges) {
      addEdge(
        keyOf(edge.source.id),
        keyOf(edge.target.id),
        edgeLabel(machine, edge.transition.eventType, edge.transition),
      );
    }
    node.children.forEach(visit);
  };
  topLevel.forEach(visit);
  for (const node of topLevel) {
    const key = keyOf(node.id);
    const sends = messagesOf(node.stateNode.config.entry);
    if (sends.length > 0) {
      const described = sends.map((name) => {
        const spec = journey.messages[name];
        return spec ? `${name} (${spec.category} ${describeChannels(spec.channels)}, ${spec.template})` : name;
      });
      lines.push(`  ${key}: ${key} — sends ${described.join(', ')}`);
    }
    if (node.stateNode.type === 'final') lines.push(`  ${key} --> [*]`);
  }
  return `${lines.join('\n')}\n`;
}
