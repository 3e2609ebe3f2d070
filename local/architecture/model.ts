/**
 * The architecture graph of one stack: what `npm run diagram` draws and what a live console can animate.
 *
 * Plain data only (no functions, no Node.js types), so it can be sent to a browser as JSON. Node ids are stable
 * for a given stack (`<kind>:<name>`), so a console can find the node of a rule, target or function by id or ARN
 * when an event travels through it.
 */

/** Left-to-right columns of the picture, in order. */
export const COLUMNS = ['edges-in', 'buses', 'rules', 'functions', 'stores', 'edges-out'] as const;

/** One column of the picture. */
export type Column = (typeof COLUMNS)[number];

/** What a node stands for. */
export type NodeKind =
  | 'rest-route'
  | 'websocket-route'
  | 'schedule'
  | 'schedule-group'
  | 'bus'
  | 'rule'
  | 'pipe'
  | 'function'
  | 'table'
  | 'queue'
  | 'dead-letter-queue'
  | 'log-group'
  | 'archive'
  | 'alarms'
  | 'topic'
  | 'websocket-push';

/** What an edge stands for. */
export type EdgeKind =
  /** An API route, function or schedule puts events on a bus. */
  | 'puts-events'
  /** A bus hands its events to a rule (or an archive) whose pattern matches. */
  | 'matches'
  /** A rule, schedule, pipe or WebSocket route invokes a function. */
  | 'invokes'
  /** A rule or schedule sends to a queue, log group or bus. */
  | 'delivers'
  /** Failed deliveries or invocations go to a dead-letter queue. */
  | 'dead-letter'
  /** A function reads a table. */
  | 'reads'
  /** A function writes a table. */
  | 'writes'
  /** A function creates schedules in a schedule group. */
  | 'creates-schedules'
  /** A function pushes messages to WebSocket connections. */
  | 'pushes'
  /** Alarms notify a topic. */
  | 'notifies';

/** One box of the picture. */
export interface ArchitectureNode {
  /** Stable id: `<kind>:<name>` (e.g. `function:fakemon-dev-capture`, `rule:fakemon-dev-bus/capture-attempt-rule`). */
  readonly id: string;
  readonly kind: NodeKind;
  readonly column: Column;
  /** Short name shown in the box (the environment prefix dropped). */
  readonly label: string;
  /** Second line: a pattern summary, keys, an expression… */
  readonly sublabel?: string;
  /** The full name as AWS knows it. */
  readonly name: string;
  /** ARN, when the resource has one (consoles map runtime events to nodes with it). */
  readonly arn?: string;
  /** Everything worth reading on hover (the rule's event pattern, retry policies, keys…), one item per line. */
  readonly details: readonly string[];
}

/** One arrow of the picture. */
export interface ArchitectureEdge {
  /** Stable id: `<from>-><to>:<kind>`. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** Short text on hover (e.g. "on failure", "after 5 receives"). */
  readonly label?: string;
}

/** The whole picture, nodes and edges in a stable order. */
export interface ArchitectureGraph {
  readonly stackName: string;
  readonly nodes: readonly ArchitectureNode[];
  readonly edges: readonly ArchitectureEdge[];
}
