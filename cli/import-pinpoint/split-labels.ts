import type { ImportedJourney, SplitLabel } from './model.ts';

type Graph = Pick<ImportedJourney, 'initial' | 'states'>;

/** Gives each message the random-split branch every path to it went through, for the decision log. */
export function labelSplits(graph: Graph): void {
  const labels = new Map<string, Set<string>>();
  const visit = (state: string, label: SplitLabel | undefined, onPath: Set<string>) => {
    if (onPath.has(state)) return;
    const node = graph.states[state];
    if (!node || node.kind === 'final') return;
    const path = new Set(onPath).add(state);
    if (node.kind === 'message') {
      const seen = labels.get(state) ?? new Set();
      seen.add(label ? JSON.stringify(label) : '');
      labels.set(state, seen);
    }
    if (node.kind === 'random') {
      let from = 0;
      for (const branch of node.branches) {
        visit(
          branch.target,
          { name: node.split, variant: branch.variant, rule: `bucket ${from}–${branch.below - 1} of 100` },
          path,
        );
        from = branch.below;
      }
      return;
    }
    const nexts = node.kind === 'conditional' ? [...node.branches.map((b) => b.target), node.otherwise] : [node.next];
    for (const next of nexts) visit(next, label, path);
  };
  visit(graph.initial, undefined, new Set());
  for (const [state, seen] of labels) {
    const node = graph.states[state];
    const [only] = [...seen];
    if (node?.kind === 'message' && seen.size === 1 && only) node.split = JSON.parse(only) as SplitLabel;
  }
}
