/**
 * What the console derives from the stack it runs: the event catalog with its JSON Schemas, the dead-letter
 * queues and the bus each one's events go back to.
 */
import { catalogEntries, toJsonSchemaDraft4 } from '../../handlers/src/events';
import type { ArchitectureGraph } from '../architecture/model';
import type { LocalStackConfig } from '../stack/to-local-config';
import type { DeadLetterQueueRef } from './dead-letters';
import type { CatalogEvent } from './shared/api';

/** The catalog's events with the draft-04 JSON Schema of each detail (the one API models and the schema registry use). */
export function catalogEvents(): CatalogEvent[] {
  return catalogEntries.map((entry) => ({
    name: entry.name,
    source: entry.source,
    detailType: entry.detailType,
    description: entry.description,
    detailSchema: toJsonSchemaDraft4(entry.detail),
  }));
}

/** The queues the architecture graph shows as dead-letter queues, each with the bus a redrive puts its events on. */
export function deadLetterQueuesOf(config: LocalStackConfig, graph: ArchitectureGraph): DeadLetterQueueRef[] {
  return graph.nodes
    .filter((node) => node.kind === 'dead-letter-queue' && node.arn !== undefined)
    .map((node) => ({ name: node.name, arn: node.arn as string, busName: busForDeadLetterQueue(config, node.arn as string) }));
}

/**
 * The bus whose events end in a dead-letter queue: the bus of the rule whose target names it, of the rules invoking
 * the function whose failure destination it is, or the bus a schedule targets; else the stack's own bus.
 */
export function busForDeadLetterQueue(config: LocalStackConfig, queueArn: string): string {
  const busOfRuleTarget = (predicate: (targetArn: string, deadLetterArn?: string) => boolean): string | undefined =>
    config.buses.find((bus) => bus.rules.some((rule) => rule.targets.some((t) => predicate(t.arn, t.deadLetterArn))))?.name;
  const direct = busOfRuleTarget((_, dlq) => dlq === queueArn);
  if (direct) return direct;
  const fn = config.functions.find((f) => f.onFailureDestinationArn === queueArn);
  const viaFunction = fn ? busOfRuleTarget((arn) => arn === fn.arn) : undefined;
  if (viaFunction) return viaFunction;
  const schedule = config.schedules.find((s) => s.target.deadLetterArn === queueArn);
  const viaSchedule = schedule ? config.buses.find((bus) => bus.arn === schedule.target.arn)?.name : undefined;
  if (viaSchedule) return viaSchedule;
  return config.buses.find((bus) => bus.name !== 'default')?.name ?? 'default';
}
