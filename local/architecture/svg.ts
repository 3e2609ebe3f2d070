/**
 * Renders a laid-out architecture graph as a standalone SVG document: a heading, one band per column, the edges
 * (a `<title>` each, shown on hover), the boxes (a `<title>` with the details: a rule's event pattern, a
 * table's keys…) and a legend of the edge kinds. Same layout in, same bytes out: numbers are rounded and
 * nothing depends on the time or the machine. Every box and edge carries `data-id` (the graph's stable id) so a
 * page can find and animate it.
 */
import type { ArchitectureLayout, PlacedEdge, PlacedNode, Point } from './layout';
import { COLUMNS, type EdgeKind } from './model';
import { COLUMN_TITLE, EDGE_STYLE, FONT_FAMILY, NODE_STYLE, textWidth } from './style';

/** Options of {@link renderArchitectureSvg}. */
export interface SvgOptions {
  /** The heading. @default "<stack> architecture" */
  readonly title?: string;
  /** A line under the heading (e.g. how the picture was made). @default none */
  readonly subtitle?: string;
}

const MARGIN = 24;
const HEADER_HEIGHT = 74;
const LEGEND_ROW = 20;
const CORNER = 6;

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const num = (n: number): string => String(Math.round(n * 10) / 10);

/** The SVG document of a layout. */
export function renderArchitectureSvg(layout: ArchitectureLayout, options: SvgOptions = {}): string {
  const title = options.title ?? `${layout.graph.stackName} architecture`;
  const legendKinds = (Object.keys(EDGE_STYLE) as EdgeKind[]).filter((kind) => layout.edges.some((e) => e.edge.kind === kind));
  const legendColumns = 5;
  const legendHeight = 30 + Math.ceil(legendKinds.length / legendColumns) * LEGEND_ROW;
  const width = Math.ceil(Math.max(layout.width, legendColumns * 210, textWidth(title, 18)) + 2 * MARGIN);
  const height = Math.ceil(HEADER_HEIGHT + layout.height + legendHeight + 2 * MARGIN);
  const origin = { x: MARGIN, y: MARGIN + HEADER_HEIGHT };

  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escape(FONT_FAMILY)}" role="img" aria-labelledby="diagram-title">`,
    `<title id="diagram-title">${escape(title)}</title>`,
    '<style>.node:hover .box{stroke-width:2.5}.edge:hover path{stroke-width:3}.edge path{fill:none;stroke-width:1.4}</style>',
    '<defs>',
    ...(Object.keys(EDGE_STYLE) as EdgeKind[]).map(
      (kind) =>
        `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${EDGE_STYLE[kind].colour}"/></marker>`,
    ),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 16}" font-size="18" font-weight="bold" fill="#16191f">${escape(title)}</text>`,
    ...(options.subtitle ? [`<text x="${MARGIN}" y="${MARGIN + 36}" font-size="11" fill="#5f6b7a">${escape(options.subtitle)}</text>`] : []),
    ...renderColumns(layout, origin),
    `<g class="edges" transform="translate(${origin.x},${origin.y})">`,
    ...layout.edges.map((edge) => renderEdge(edge, layout)),
    '</g>',
    `<g class="nodes" transform="translate(${origin.x},${origin.y})">`,
    ...layout.nodes.map(renderNode),
    '</g>',
    ...renderLegend(legendKinds, legendColumns, { x: MARGIN, y: origin.y + layout.height + 30 }),
    '</svg>',
  ];
  return `${lines.join('\n')}\n`;
}

function renderColumns(layout: ArchitectureLayout, origin: Point): string[] {
  return layout.columns.flatMap((column) => {
    const x = origin.x + column.x;
    const shade = COLUMNS.indexOf(column.column) % 2 === 0 ? '#f4f6f9' : '#fafbfc';
    return [
      `<rect x="${num(x - 10)}" y="${num(origin.y - 26)}" width="${num(column.width + 20)}" height="${num(layout.height + 34)}" rx="8" fill="${shade}"/>`,
      `<text x="${num(x)}" y="${num(origin.y - 10)}" font-size="11" font-weight="bold" letter-spacing="1" fill="#5f6b7a">${COLUMN_TITLE[column.column]}</text>`,
    ];
  });
}

function renderEdge(placed: PlacedEdge, layout: ArchitectureLayout): string {
  const { edge, points } = placed;
  const style = EDGE_STYLE[edge.kind];
  const label = (id: string): string => layout.nodes.find((n) => n.node.id === id)?.node.name ?? id;
  const hover = `${label(edge.from)} → ${label(edge.to)}: ${style.legend}${edge.label ? ` (${edge.label})` : ''}`;
  return (
    `<g class="edge" data-id="${escape(edge.id)}" data-kind="${edge.kind}" data-from="${escape(edge.from)}" data-to="${escape(edge.to)}">` +
    `<title>${escape(hover)}</title>` +
    `<path d="${roundedPath(points)}" stroke="${style.colour}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${edge.kind})"/>` +
    '</g>'
  );
}

/** An orthogonal polyline with its bends rounded off. */
function roundedPath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const parts = [`M${num(points[0].x)},${num(points[0].y)}`];
  for (let i = 1; i < points.length - 1; i += 1) {
    const [before, at, after] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(CORNER, distance(before, at) / 2, distance(at, after) / 2);
    const enter = towards(at, before, r);
    const leave = towards(at, after, r);
    parts.push(`L${num(enter.x)},${num(enter.y)}`, `Q${num(at.x)},${num(at.y)} ${num(leave.x)},${num(leave.y)}`);
  }
  const last = points[points.length - 1];
  parts.push(`L${num(last.x)},${num(last.y)}`);
  return parts.join('');
}

const distance = (a: Point, b: Point): number => Math.hypot(b.x - a.x, b.y - a.y);

function towards(from: Point, to: Point, length: number): Point {
  const d = distance(from, to);
  return d === 0 ? from : { x: from.x + ((to.x - from.x) * length) / d, y: from.y + ((to.y - from.y) * length) / d };
}

function renderNode(placed: PlacedNode): string {
  const { node, x, y, width, height } = placed;
  const s = NODE_STYLE;
  const colour = s.colour[node.kind];
  const textX = s.stripeWidth + s.paddingX;
  const hover = [`${node.name}${node.arn ? `\n${node.arn}` : ''}`, ...node.details].join('\n');
  return [
    `<g class="node" data-id="${escape(node.id)}" data-kind="${node.kind}" data-name="${escape(node.name)}"${node.arn ? ` data-arn="${escape(node.arn)}"` : ''} transform="translate(${num(x)},${num(y)})">`,
    `<title>${escape(hover)}</title>`,
    `<rect class="box" width="${num(width)}" height="${num(height)}" rx="5" fill="#ffffff" stroke="${colour}" stroke-width="1.2"/>`,
    `<path d="M5,0.6H${s.stripeWidth}V${num(height - 0.6)}H5A4.4,4.4 0 0 1 0.6,${num(height - 5)}V5A4.4,4.4 0 0 1 5,0.6z" fill="${colour}"/>`,
    `<text x="${textX}" y="14" font-size="${s.tagSize}" letter-spacing="0.4" fill="${colour}">${escape(s.kindTag[node.kind])}</text>`,
    `<text x="${textX}" y="31" font-size="${s.labelSize}" font-weight="bold" fill="#16191f">${escape(node.label)}</text>`,
    ...(node.sublabel ? [`<text x="${textX}" y="46" font-size="${s.sublabelSize}" fill="#5f6b7a">${escape(node.sublabel)}</text>`] : []),
    '</g>',
  ].join('');
}

function renderLegend(kinds: readonly EdgeKind[], perRow: number, at: Point): string[] {
  return [
    `<text x="${num(at.x)}" y="${num(at.y)}" font-size="11" font-weight="bold" letter-spacing="1" fill="#5f6b7a">ARROWS</text>`,
    ...kinds.map((kind, i) => {
      const x = at.x + (i % perRow) * 210;
      const y = at.y + 18 + Math.floor(i / perRow) * LEGEND_ROW;
      const style = EDGE_STYLE[kind];
      return (
        `<g class="legend" data-kind="${kind}"><path d="M${num(x)},${num(y - 4)}H${num(x + 34)}" stroke="${style.colour}" stroke-width="1.4"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${kind})"/>` +
        `<text x="${num(x + 42)}" y="${num(y)}" font-size="11" fill="#16191f">${escape(style.legend)}</text></g>`
      );
    }),
  ];
}
