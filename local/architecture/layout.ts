/**
 * Places the architecture graph with ELK's layered algorithm (elkjs): left to right, one partition per column
 * (edges in, buses, rules, functions, stores, edges out) so every box lands in its column whatever the arrows
 * say, orthogonal edge routing, and the model order as the tie-breaker so the same graph always gets the same
 * picture. Runs in Node.js and in browsers alike (the bundled build, no worker).
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { COLUMNS, type ArchitectureEdge, type ArchitectureGraph, type ArchitectureNode, type Column } from './model';
import { NODE_STYLE, textWidth } from './style';

/** A point of the picture. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A node with its box. */
export interface PlacedNode {
  readonly node: ArchitectureNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An edge with its route (start, bends, end). */
export interface PlacedEdge {
  readonly edge: ArchitectureEdge;
  readonly points: readonly Point[];
}

/** Where a column's boxes are, for its heading. */
export interface PlacedColumn {
  readonly column: Column;
  readonly x: number;
  readonly width: number;
}

/** The graph with coordinates (top-left origin, pixels). */
export interface ArchitectureLayout {
  readonly graph: ArchitectureGraph;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly columns: readonly PlacedColumn[];
}

/** The box a node needs for its three lines of text. */
export function nodeSize(node: ArchitectureNode): { width: number; height: number } {
  const s = NODE_STYLE;
  const widest = Math.max(
    textWidth(NODE_STYLE.kindTag[node.kind], s.tagSize),
    textWidth(node.label, s.labelSize),
    node.sublabel ? textWidth(node.sublabel, s.sublabelSize) : 0,
  );
  return {
    width: Math.max(s.minWidth, Math.ceil(widest + 2 * s.paddingX + s.stripeWidth)),
    height: node.sublabel ? s.heightWithSublabel : s.heightWithoutSublabel,
  };
}

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.partitioning.activate': 'true',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.spacing.nodeNode': '14',
  'elk.spacing.edgeEdge': '6',
  'elk.spacing.edgeNode': '12',
  'elk.layered.mergeEdges': 'false',
  'elk.separateConnectedComponents': 'false',
  'elk.randomSeed': '1',
  'elk.padding': '[top=0,left=0,bottom=0,right=0]',
};

const round = (n: number): number => Math.round(n * 10) / 10;

/** Lays the graph out; the same graph always gives the same coordinates. */
export async function layoutArchitecture(graph: ArchitectureGraph): Promise<ArchitectureLayout> {
  const elk = new ELK();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const sameColumn = (edge: ArchitectureEdge): boolean => byId.get(edge.from)?.column === byId.get(edge.to)?.column;
  const root: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: graph.nodes.map((node) => ({
      id: node.id,
      ...nodeSize(node),
      layoutOptions: { 'elk.partitioning.partition': String(COLUMNS.indexOf(node.column)), 'elk.alignment': 'LEFT' },
    })),
    edges: graph.edges.filter((edge) => !sameColumn(edge)).map((edge): ElkExtendedEdge => ({ id: edge.id, sources: [edge.from], targets: [edge.to] })),
  };
  const laidOut = await elk.layout(root);
  const nodes: PlacedNode[] = (laidOut.children ?? []).map((child) => ({
    node: byId.get(child.id) as ArchitectureNode,
    x: round(child.x ?? 0),
    y: round(child.y ?? 0),
    width: round(child.width ?? 0),
    height: round(child.height ?? 0),
  }));
  const routed = new Map(
    (laidOut.edges ?? []).map((edge) => {
      const section = (edge as ElkExtendedEdge).sections?.[0];
      const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
      return [edge.id, points.map((p) => ({ x: round(p.x), y: round(p.y) }))];
    }),
  );
  const placed = new Map(nodes.map((n) => [n.node.id, n]));
  const edges: PlacedEdge[] = graph.edges.map((edge) => ({
    edge,
    points: routed.get(edge.id) ?? besideColumn(placed.get(edge.from) as PlacedNode, placed.get(edge.to) as PlacedNode, nodes),
  }));
  const columns = COLUMNS.flatMap((column): PlacedColumn[] => {
    const inColumn = nodes.filter((n) => n.node.column === column);
    if (inColumn.length === 0) return [];
    const x = Math.min(...inColumn.map((n) => n.x));
    return [{ column, x, width: Math.max(...inColumn.map((n) => n.x + n.width)) - x }];
  });
  return { graph, width: round(laidOut.width ?? 0), height: round(laidOut.height ?? 0), nodes, edges, columns };
}

/**
 * The route of an edge between two boxes of one column (a queue and its redrive DLQ, alarms and their topic):
 * ELK would put them in two layers and widen the column, so they share a layer and the edge runs along the
 * column's right side.
 */
function besideColumn(from: PlacedNode, to: PlacedNode, nodes: readonly PlacedNode[]): Point[] {
  const right = Math.max(...nodes.filter((n) => n.node.column === from.node.column).map((n) => n.x + n.width)) + 10;
  const start = { x: from.x + from.width, y: round(from.y + from.height / 2) };
  const end = { x: to.x + to.width, y: round(to.y + to.height / 2) };
  return [start, { x: right, y: start.y }, { x: right, y: end.y }, end];
}
