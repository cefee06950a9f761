/**
 * Bounds for recursive schemas (values that nest). Computed without recursion, so a value nested deeper than any
 * stack allows still gets an answer. Server-side, request input deeper than 64 levels is refused before any schema
 * runs (server/http/parse.ts); these are each schema's own, tighter limits.
 */
export type Extent = { depth: number; nodes: number };

/** How deep `value` nests (a scalar is 0, [] or {} is 1) and how many values it holds, counting stops past `cap`. */
export function extentOf(value: unknown, cap = { depth: 1000, nodes: 100_000 }): Extent {
  let depth = 0;
  let nodes = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length && depth <= cap.depth && nodes <= cap.nodes) {
    const { v, d } = stack.pop()!;
    nodes++;
    if (typeof v !== 'object' || v === null) continue;
    depth = Math.max(depth, d + 1);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, d: d + 1 });
  }
  return { depth, nodes };
}
