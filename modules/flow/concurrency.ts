import type { FlowDefinition } from './flow-definition';

/**
 * Whether each function of the flows takes a reservation from its account's concurrency budget (its declaration's
 * `reservesConcurrency`), by function name: what the environment configs' `lambda.reservedConcurrency` may name.
 */
export function concurrencyDeclarations(flows: readonly FlowDefinition[]): Readonly<Record<string, boolean>> {
  return Object.fromEntries(flows.flatMap((flow) => Object.entries(flow.functions ?? {}).map(([name, fn]) => [name, fn?.reservesConcurrency === true])));
}
