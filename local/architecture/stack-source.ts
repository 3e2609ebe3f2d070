/**
 * What the architecture graph of a synthesized stack is built from (Node.js side: it reads the stack with the
 * runtime's reader). Apart from the layout and the renderer, so the runtime can build the graph without loading them.
 */
import { StackAttributes, type LocalEndpoints } from '../stack/stack-attributes';
import type { SynthesizedStack } from '../stack/terraform-json';
import { toLocalStackConfig, type LocalStackConfig } from '../stack/to-local-config';
import { GRAPH_RESOURCE_TYPES, type ArchitectureSource } from './from-stack';

/**
 * The input of the architecture graph: the stack's local-runtime config (computed here unless the caller already
 * has it) and the resolved attributes of the resources the graph reads.
 */
export function readArchitectureSource(stack: SynthesizedStack, endpoints: LocalEndpoints, config?: LocalStackConfig): ArchitectureSource {
  const attributes = new StackAttributes(stack.json, endpoints);
  const resources = GRAPH_RESOURCE_TYPES.flatMap((type) =>
    Object.keys(stack.json.resource?.[type] ?? {}).map((name) => ({ type, name, attributes: attributes.attributes(type, name) })),
  );
  return { config: config ?? toLocalStackConfig(stack, endpoints), resources };
}
