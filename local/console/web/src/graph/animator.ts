/**
 * Brings the architecture picture to life: dots travel the arrows as the runtime reports events matched and
 * delivered (pink: an event reaching a rule; green: delivered; red: a failed attempt or a dead letter; violet: a
 * schedule firing), boxes light up while a function runs or when something fails, and badges count matches,
 * deliveries, invocations and dead letters. Works on the SVG the console serves (`renderArchitectureSvg`), whose
 * boxes and arrows carry the graph's stable ids.
 */
import type { ArchitectureEdge, ArchitectureGraph } from '../../../../architecture/model';
import { targetKey, type ConsoleCounters, type DeadLetterMessage, type Observed } from '../../../shared/api';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Dots in flight at most; beyond it boxes still flash but no new dot starts (a flood stays readable). */
const MAX_DOTS = 120;
/** Pixels per millisecond, and the shortest and longest trip. */
const SPEED = 0.5;
const MIN_TRIP_MS = 450;
const MAX_TRIP_MS = 1400;

export type DotTone = 'event' | 'ok' | 'fail' | 'dlq' | 'schedule';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Dot {
  readonly el: SVGCircleElement;
  readonly path: SVGPathElement;
  readonly length: number;
  readonly start: number;
  readonly duration: number;
  readonly done?: () => void;
}

export class GraphAnimator {
  private readonly dotLayer: SVGGElement;
  private readonly badgeLayer: SVGGElement;
  private readonly nodeByArn = new Map<string, string>();
  private readonly nodeIds: ReadonlySet<string>;
  private readonly boxes = new Map<string, Box>();
  private readonly badges = new Map<string, SVGGElement>();
  private readonly running = new Map<string, number>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private dots: Dot[] = [];
  private frame?: number;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly graph: ArchitectureGraph,
  ) {
    for (const node of graph.nodes) if (node.arn) this.nodeByArn.set(node.arn, node.id);
    this.nodeIds = new Set(graph.nodes.map((n) => n.id));
    for (const element of svg.querySelectorAll<SVGGElement>('g.node')) {
      const match = /translate\(([-\d.]+),([-\d.]+)\)/.exec(element.getAttribute('transform') ?? '');
      const rect = element.querySelector('rect.box');
      if (match && rect) {
        this.boxes.set(element.dataset.id ?? '', { x: Number(match[1]), y: Number(match[2]), width: Number(rect.getAttribute('width')), height: Number(rect.getAttribute('height')) });
      }
    }
    const transform = svg.querySelector('g.edges')?.getAttribute('transform') ?? '';
    this.badgeLayer = layer('live-badges', transform);
    this.dotLayer = layer('live-dots', transform);
    svg.append(this.badgeLayer, this.dotLayer);
  }

  /** Shows one observation (and the dead letters that arrived with it). */
  observe(observation: Observed, deadLetters: readonly DeadLetterMessage[] = []): void {
    switch (observation.type) {
      case 'event.received':
        this.flash(`bus:${observation.busName}`, 'pulse');
        return;
      case 'rule.matched':
        this.travel(`bus:${observation.busName}`, this.nodeOf(observation.ruleArn), 'event');
        return;
      case 'delivery.attempted': {
        const target = this.nodeOf(observation.targetArn);
        const ok = observation.outcome === 'delivered';
        this.travel(this.nodeOf(observation.ruleArn), target, ok ? 'ok' : 'fail', () => this.flash(target, ok ? 'ok' : 'fail'));
        return;
      }
      case 'delivery.retry-scheduled':
        this.flashEdge(this.nodeOf(observation.ruleArn), this.nodeOf(observation.targetArn), 'retry');
        return;
      case 'delivery.dead-lettered':
        if (observation.outcome === 'dlq' && observation.deadLetterArn) {
          const dlq = this.nodeOf(observation.deadLetterArn);
          this.travel(this.nodeOf(observation.ruleArn), dlq, 'dlq', () => this.flash(dlq, 'fail'));
        } else this.flash(this.nodeOf(observation.ruleArn), 'fail');
        return;
      case 'lambda.started':
        this.setRunning(`function:${observation.functionName}`, +1);
        return;
      case 'lambda.ended':
        this.setRunning(`function:${observation.functionName}`, -1);
        if (!observation.ok) this.flash(`function:${observation.functionName}`, 'fail');
        return;
      case 'schedule.fired': {
        const target = this.nodeOf(observation.targetArn);
        this.travel(this.scheduleNode(observation.groupName, observation.name), target, 'schedule', () => this.flash(target, 'ok'));
        return;
      }
      case 'queue.changed':
        for (const letter of deadLetters) {
          const dlq = this.nodeOf(this.arnOfQueue(letter.queueName));
          const source = letter.source;
          // Rule deliveries already travelled their dead-letter arrow when EventBridge reported them.
          if (source.kind === 'function') this.travel(this.nodeOf(source.functionArn), dlq, 'dlq', () => this.flash(dlq, 'fail'));
          else if (source.kind === 'queue') this.travel(this.nodeOf(source.sourceQueueArn), dlq, 'dlq', () => this.flash(dlq, 'fail'));
          else if (source.kind === 'schedule') this.travel(this.scheduleNodeOfArn(source.scheduleArn), dlq, 'dlq', () => this.flash(dlq, 'fail'));
          else this.flash(dlq, 'fail');
        }
        return;
      default:
        return;
    }
  }

  /** Updates the badges: matches per rule, deliveries per target arrow, invocations per function, messages per dead-letter queue. */
  setCounters(counters: ConsoleCounters | undefined): void {
    if (!counters) return;
    for (const node of this.graph.nodes) {
      if (node.kind === 'rule' && node.arn) {
        const matched = counters.rules[node.arn]?.matched ?? 0;
        this.nodeBadge(node.id, matched > 0 ? `${matched} matched` : '', 'info');
      } else if (node.kind === 'function') {
        const fn = counters.functions[node.name];
        const text = fn && fn.invocations > 0 ? `${fn.invocations} run${fn.invocations === 1 ? '' : 's'}${fn.errors > 0 ? ` · ${fn.errors} failed` : ''}` : '';
        this.nodeBadge(node.id, text, fn && fn.errors > 0 ? 'warn' : 'info');
      } else if (node.kind === 'dead-letter-queue') {
        const depth = counters.deadLetterQueues[node.name]?.depth ?? 0;
        this.nodeBadge(node.id, depth > 0 ? `${depth} message${depth === 1 ? '' : 's'}` : '', 'danger');
      }
    }
    for (const edge of this.graph.edges) {
      const rule = this.graph.nodes.find((n) => n.id === edge.from && n.kind === 'rule');
      const target = this.graph.nodes.find((n) => n.id === edge.to);
      if (!rule?.arn || !target?.arn || edge.kind === 'dead-letter') continue;
      const t = counters.targets[targetKey(rule.arn, target.arn)];
      const parts = t ? [t.delivered > 0 ? `✓${t.delivered}` : '', t.failed > 0 ? `✗${t.failed}` : '', t.deadLettered > 0 ? `DLQ ${t.deadLettered}` : ''].filter(Boolean) : [];
      this.edgeBadge(edge, parts.join(' '), t && (t.failed > 0 || t.deadLettered > 0) ? 'warn' : 'ok');
    }
  }

  dispose(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    for (const timer of this.timers) clearTimeout(timer);
    this.dotLayer.remove();
    this.badgeLayer.remove();
  }

  private nodeOf(arn: string | undefined): string | undefined {
    if (!arn) return undefined;
    return this.nodeByArn.get(arn) ?? this.nodeByArn.get(arn.replace(/:\$LATEST$/, ''));
  }

  private arnOfQueue(name: string): string | undefined {
    return this.graph.nodes.find((n) => (n.kind === 'queue' || n.kind === 'dead-letter-queue') && n.name === name)?.arn;
  }

  private scheduleNode(group: string, name: string): string | undefined {
    const id = `schedule:${group}/${name}`;
    if (this.nodeIds.has(id)) return id;
    const groupId = `schedule-group:${group}`;
    return this.nodeIds.has(groupId) ? groupId : undefined;
  }

  private scheduleNodeOfArn(arn: string): string | undefined {
    const match = /:schedule\/([^/]+)\/(.+)$/.exec(arn);
    return match ? this.scheduleNode(match[1], match[2]) : undefined;
  }

  private edgeBetween(from: string | undefined, to: string | undefined): ArchitectureEdge | undefined {
    if (!from || !to) return undefined;
    return this.graph.edges.find((e) => e.from === from && e.to === to);
  }

  private pathOf(edge: ArchitectureEdge): SVGPathElement | null {
    return this.svg.querySelector<SVGPathElement>(`g.edge[data-id="${CSS.escape(edge.id)}"] path`);
  }

  /** A dot along the arrow from one box to another (or just `done` when there is no such arrow). */
  private travel(from: string | undefined, to: string | undefined, tone: DotTone, done?: () => void): void {
    const edge = this.edgeBetween(from, to);
    const path = edge ? this.pathOf(edge) : null;
    if (!path || this.dots.length >= MAX_DOTS) {
      done?.();
      return;
    }
    const el = document.createElementNS(SVG_NS, 'circle');
    el.setAttribute('r', '6');
    el.setAttribute('class', `dot dot-${tone}`);
    const length = path.getTotalLength();
    const start = path.getPointAtLength(0);
    el.setAttribute('cx', String(start.x));
    el.setAttribute('cy', String(start.y));
    this.dotLayer.append(el);
    this.dots.push({ el, path, length, start: performance.now(), duration: Math.min(MAX_TRIP_MS, Math.max(MIN_TRIP_MS, length / SPEED)), done });
    this.frame ??= requestAnimationFrame(this.step);
  }

  private readonly step = (now: number): void => {
    const still: Dot[] = [];
    for (const dot of this.dots) {
      const t = Math.min(1, (now - dot.start) / dot.duration);
      const eased = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      const point = dot.path.getPointAtLength(eased * dot.length);
      dot.el.setAttribute('cx', String(point.x));
      dot.el.setAttribute('cy', String(point.y));
      if (t < 1) still.push(dot);
      else {
        dot.el.remove();
        dot.done?.();
      }
    }
    this.dots = still;
    this.frame = still.length > 0 ? requestAnimationFrame(this.step) : undefined;
  };

  private flash(nodeId: string | undefined, tone: 'pulse' | 'ok' | 'fail'): void {
    const element = nodeId ? this.svg.querySelector<SVGGElement>(`g.node[data-id="${CSS.escape(nodeId)}"]`) : null;
    if (element) this.restartClass(element, `flash-${tone}`, 1100);
  }

  private flashEdge(from: string | undefined, to: string | undefined, tone: 'retry'): void {
    const edge = this.edgeBetween(from, to);
    const element = edge ? this.svg.querySelector<SVGGElement>(`g.edge[data-id="${CSS.escape(edge.id)}"]`) : null;
    if (element) this.restartClass(element, `flash-${tone}`, 1400);
  }

  private restartClass(element: Element, name: string, ms: number): void {
    element.classList.remove(name);
    // Reading the layout restarts the CSS animation when the class comes back.
    void element.getBoundingClientRect();
    element.classList.add(name);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      element.classList.remove(name);
    }, ms);
    this.timers.add(timer);
  }

  private setRunning(nodeId: string, delta: number): void {
    const count = Math.max(0, (this.running.get(nodeId) ?? 0) + delta);
    this.running.set(nodeId, count);
    this.svg.querySelector(`g.node[data-id="${CSS.escape(nodeId)}"]`)?.classList.toggle('running', count > 0);
  }

  private nodeBadge(nodeId: string, text: string, tone: string): void {
    const box = this.boxes.get(nodeId);
    if (!box) return;
    this.badge(`node:${nodeId}`, text, tone, box.x + box.width, box.y, 'end', nodeId);
  }

  private edgeBadge(edge: ArchitectureEdge, text: string, tone: string): void {
    const path = text ? this.pathOf(edge) : null;
    if (!text || !path) {
      this.badge(`edge:${edge.id}`, '', tone, 0, 0, 'start', edge.id);
      return;
    }
    const point = path.getPointAtLength(Math.min(22, path.getTotalLength() / 2));
    this.badge(`edge:${edge.id}`, text, tone, point.x + 2, point.y - 9, 'start', edge.id);
  }

  /** A pill with text whose right (`end`) or left (`start`) edge is at x, centred on y; empty text hides it. */
  private badge(key: string, text: string, tone: string, x: number, y: number, anchor: 'start' | 'end', forId: string): void {
    let element = this.badges.get(key);
    if (!text) {
      element?.remove();
      this.badges.delete(key);
      return;
    }
    if (!element) {
      element = document.createElementNS(SVG_NS, 'g');
      element.append(document.createElementNS(SVG_NS, 'rect'), document.createElementNS(SVG_NS, 'text'));
      element.dataset.for = forId;
      this.badgeLayer.append(element);
      this.badges.set(key, element);
    }
    const width = Math.ceil(text.length * 6.2 + 12);
    const left = anchor === 'end' ? x - width + 6 : x;
    element.setAttribute('class', `badge badge-${tone}`);
    element.setAttribute('transform', `translate(${left},${y})`);
    const [rect, label] = [element.children[0], element.children[1]];
    rect.setAttribute('x', '0');
    rect.setAttribute('y', '-8');
    rect.setAttribute('width', String(width));
    rect.setAttribute('height', '16');
    rect.setAttribute('rx', '8');
    label.setAttribute('x', String(width / 2));
    label.setAttribute('y', '3.5');
    label.setAttribute('text-anchor', 'middle');
    label.textContent = text;
  }
}

function layer(name: string, transform: string): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', name);
  if (transform) g.setAttribute('transform', transform);
  return g;
}
