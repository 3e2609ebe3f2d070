/**
 * How the picture looks: one monospace font (so text widths are known without a browser), a colour per kind
 * of node after the AWS architecture icon families, and a stroke per kind of edge.
 */
import type { Column, EdgeKind, NodeKind } from './model';

/** Every text of the picture uses this stack of monospace fonts. */
export const FONT_FAMILY = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

/** Advance of one character, in ems: 0.6 for DejaVu Sans Mono, Menlo and Liberation Mono; Consolas is narrower. */
const CHARACTER_WIDTH_EM = 0.61;

/** Width of a one-line text in the picture's font. */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * CHARACTER_WIDTH_EM * fontSize;
}

/** Service families (fill of the box's stripe and its outline). */
const FAMILY = {
  apiGateway: '#8C4FFF',
  eventBridge: '#E7157B',
  lambda: '#ED7100',
  dynamodb: '#3B48CC',
  sqs: '#B0084D',
  deadLetter: '#D13212',
  cloudWatch: '#5A6B86',
  sns: '#B0084D',
} as const;

/** Geometry and colours of boxes. */
export const NODE_STYLE = {
  tagSize: 9,
  labelSize: 12.5,
  sublabelSize: 10.5,
  paddingX: 9,
  stripeWidth: 5,
  minWidth: 150,
  heightWithSublabel: 54,
  heightWithoutSublabel: 40,
  colour: {
    'rest-route': FAMILY.apiGateway,
    'websocket-route': FAMILY.apiGateway,
    'websocket-push': FAMILY.apiGateway,
    schedule: FAMILY.eventBridge,
    'schedule-group': FAMILY.eventBridge,
    bus: FAMILY.eventBridge,
    rule: FAMILY.eventBridge,
    pipe: FAMILY.eventBridge,
    archive: FAMILY.eventBridge,
    function: FAMILY.lambda,
    table: FAMILY.dynamodb,
    queue: FAMILY.sqs,
    'dead-letter-queue': FAMILY.deadLetter,
    'log-group': FAMILY.cloudWatch,
    alarms: FAMILY.cloudWatch,
    topic: FAMILY.sns,
  } satisfies Record<NodeKind, string>,
  kindTag: {
    'rest-route': 'REST API ROUTE',
    'websocket-route': 'WEBSOCKET ROUTE',
    'websocket-push': 'WEBSOCKET API',
    schedule: 'SCHEDULER SCHEDULE',
    'schedule-group': 'SCHEDULE GROUP',
    bus: 'EVENTBRIDGE BUS',
    rule: 'EVENTBRIDGE RULE',
    pipe: 'EVENTBRIDGE PIPE',
    archive: 'EVENTBRIDGE ARCHIVE',
    function: 'LAMBDA FUNCTION',
    table: 'DYNAMODB TABLE',
    queue: 'SQS QUEUE',
    'dead-letter-queue': 'SQS DEAD-LETTER QUEUE',
    'log-group': 'CLOUDWATCH LOGS',
    alarms: 'CLOUDWATCH ALARMS',
    topic: 'SNS TOPIC',
  } satisfies Record<NodeKind, string>,
} as const;

/** Stroke of each kind of edge, and the words of the legend. */
export const EDGE_STYLE: Readonly<Record<EdgeKind, { readonly colour: string; readonly dash?: string; readonly legend: string }>> = {
  'puts-events': { colour: FAMILY.eventBridge, legend: 'puts events on' },
  matches: { colour: '#9D5C82', legend: 'matches (rule, archive)' },
  invokes: { colour: FAMILY.lambda, legend: 'invokes' },
  delivers: { colour: '#2E7D32', legend: 'delivers to' },
  'dead-letter': { colour: FAMILY.deadLetter, dash: '5 4', legend: 'failures go to (DLQ)' },
  reads: { colour: FAMILY.dynamodb, dash: '2 3', legend: 'reads' },
  writes: { colour: FAMILY.dynamodb, legend: 'writes (and reads)' },
  'creates-schedules': { colour: '#7B5BA6', dash: '8 3 2 3', legend: 'creates schedules in' },
  pushes: { colour: FAMILY.apiGateway, legend: 'pushes to connections' },
  notifies: { colour: FAMILY.cloudWatch, legend: 'notifies' },
};

/** Column headings. */
export const COLUMN_TITLE: Readonly<Record<Column, string>> = {
  'edges-in': 'EDGES IN',
  buses: 'BUSES',
  rules: 'RULES',
  functions: 'FUNCTIONS',
  stores: 'STORES',
  'edges-out': 'EDGES OUT',
};
