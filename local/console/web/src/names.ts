/** Readable names of the stack's resources, from its architecture graph. */
import type { ArchitectureGraph, NodeKind } from '../../../architecture/model';
import { shortArn } from './format';

const KIND_WORDS: Partial<Record<NodeKind, string>> = {
  function: 'function',
  queue: 'queue',
  'dead-letter-queue': 'dead-letter queue',
  'log-group': 'log group',
  bus: 'bus',
  rule: 'rule',
  table: 'table',
};

/** `deliver-result (function)`, `/aws/events/fakemon-dev-debug (log group)`; the ARN's last part for anything else. */
export function nameOfArn(graph: ArchitectureGraph | undefined, arn: string): string {
  const node = graph?.nodes.find((n) => n.arn === arn || n.arn === arn.replace(/:\$LATEST$/, ''));
  if (!node) return shortArn(arn);
  const kind = KIND_WORDS[node.kind];
  return kind ? `${node.label} (${kind})` : node.label;
}
