// What the explorer draws, as plain data: the nodes and edges explored so far, merged;
// the signals of a node folded into one "N signals" node until it is opened; the edge
// types filtered out, and the nodes only those edges reached.

export interface GraphNode {
  id: string;
  label: string;
  title: string;
  properties: Record<string, unknown>;
}

export interface GraphEdge {
  type: string;
  source: string;
  target: string;
}

export interface Shown {
  nodes: (GraphNode & { group?: { owner: string; count: number } })[];
  edges: (GraphEdge & { id: string })[];
}

export const signalGroupId = (owner: string): string => `signals-of:${owner}`;

export class Neighbourhood {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();
  readonly expanded = new Set<string>();
  readonly openSignals = new Set<string>();
  readonly hiddenTypes = new Set<string>();

  constructor(readonly center: string) {}

  /** Add what one `explore` answer holds around `around`. */
  merge(around: string, nodes: GraphNode[], edges: GraphEdge[]): void {
    for (const n of nodes) this.nodes.set(n.id, n);
    for (const e of edges) this.edges.set(`${e.type}:${e.source}->${e.target}`, e);
    this.expanded.add(around);
  }

  /** The edge types present, sorted. */
  edgeTypes(): string[] {
    return [...new Set([...this.edges.values()].map((e) => e.type))].sort();
  }

  /** What to draw now. */
  shown(): Shown {
    const signalOwner = new Map<string, string>();
    for (const e of this.edges.values()) {
      if (e.type === "HAS_SIGNAL" && !this.openSignals.has(e.source) && this.nodes.get(e.target)?.label === "SIGNAL") {
        signalOwner.set(e.target, e.source);
      }
    }
    const groups = new Map<string, number>();
    for (const owner of signalOwner.values()) groups.set(owner, (groups.get(owner) ?? 0) + 1);
    const edges = new Map<string, GraphEdge & { id: string }>();
    for (const [key, e] of this.edges) {
      if (this.hiddenTypes.has(e.type)) continue;
      if (signalOwner.has(e.source) || signalOwner.has(e.target)) {
        if (e.type !== "HAS_SIGNAL") continue;           // a folded signal's other edges go too
        const id = `HAS_SIGNAL:${e.source}->${signalGroupId(e.source)}`;
        edges.set(id, { id, type: "HAS_SIGNAL", source: e.source, target: signalGroupId(e.source) });
        continue;
      }
      edges.set(key, { ...e, id: key });
    }
    const reached = new Set<string>([this.center]);
    for (const e of edges.values()) { reached.add(e.source); reached.add(e.target); }
    const nodes: Shown["nodes"] = [...this.nodes.values()]
      .filter((n) => !signalOwner.has(n.id) && reached.has(n.id));
    for (const [owner, count] of groups) {
      if (!reached.has(signalGroupId(owner))) continue;
      nodes.push({ id: signalGroupId(owner), label: "SIGNALS", title: `${count} signals`,
        properties: {}, group: { owner, count } });
    }
    return { nodes, edges: [...edges.values()].filter((e) => reached.has(e.source) && reached.has(e.target)) };
  }
}
