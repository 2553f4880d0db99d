/** A directed edge between two node names. */
export interface GraphEdge {
  readonly source: string;
  readonly target: string;
}

/**
 * One cycle per strongly connected component with more than one node (Tarjan), each as the
 * list of node names along it, first name repeated at the end: `[a, b, a]`. Deterministic: the
 * order follows `nodes` and `edges`.
 */
export function findCycles(nodes: readonly string[], edges: readonly GraphEdge[]): string[][] {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) next.get(e.source)?.push(e.target);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const connect = (start: string): void => {
    // Iterative Tarjan: frames of (node, next child position), so deep graphs cannot overflow.
    const frames: [string, number][] = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [string, number];
      const [node, position] = frame;
      const children = next.get(node) ?? [];
      if (position < children.length) {
        frame[1] = position + 1;
        const child = children[position] as string;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          frames.push([child, 0]);
        } else if (onStack.has(child)) {
          low.set(node, Math.min(low.get(node) ?? 0, index.get(child) ?? 0));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) ?? 0, low.get(node) ?? 0));
      if (low.get(node) === index.get(node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        if (component.length > 1) components.push(component);
      }
    }
  };
  for (const n of nodes) if (!index.has(n)) connect(n);

  const order = new Map(nodes.map((n, i) => [n, i]));
  return components
    .map((c) => cycleWithin(new Set(c), next, order))
    .sort((a, b) => (order.get(a[0] ?? "") ?? 0) - (order.get(b[0] ?? "") ?? 0));
}

/** A simple cycle inside one strongly connected component, starting at its first-declared node. */
function cycleWithin(
  members: Set<string>,
  next: Map<string, string[]>,
  order: Map<string, number>,
): string[] {
  const start = [...members].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0] as string;
  // Breadth-first search for the shortest way back to start.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const child of next.get(node) ?? []) {
      if (!members.has(child)) continue;
      if (child === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!previous.has(child)) {
        previous.set(child, node);
        queue.push(child);
      }
    }
  }
  return [start, start];
}
