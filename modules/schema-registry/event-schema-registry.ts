import { SchemasRegistry } from '@cdktf/provider-aws/lib/schemas-registry';
import { SchemasSchema } from '@cdktf/provider-aws/lib/schemas-schema';
import { Construct } from 'constructs';
import { catalog, eventJsonSchemaDraft4, type EventName } from '../../handlers/src/events';

/** Props of {@link EventSchemaRegistry}. */
export interface EventSchemaRegistryProps {
  /** Name of the registry, with the environment prefix. */
  readonly registryName: string;
  /** The catalog events published, each once (the flows' contracts). */
  readonly contracts: readonly EventName[];
}

/** The flows' contracts published to the EventBridge schema registry, one JSONSchemaDraft4 schema per event. */
export class EventSchemaRegistry extends Construct {
  /** The registry. */
  public readonly registry: SchemasRegistry;
  /** The schemas, by detail-type. */
  public readonly schemas: Readonly<Record<string, SchemasSchema>>;

  constructor(scope: Construct, id: string, props: EventSchemaRegistryProps) {
    super(scope, id);
    this.registry = new SchemasRegistry(this, 'registry', {
      name: props.registryName,
      description: 'Fakémon GO event catalog: one schema per event detail',
    });
    const schemas: Record<string, SchemasSchema> = {};
    for (const name of new Set(props.contracts)) {
      const entry = catalog[name];
      schemas[entry.detailType] = new SchemasSchema(this, name, {
        name: `${entry.source}@${entry.detailType}`,
        registryName: this.registry.name,
        type: 'JSONSchemaDraft4',
        description: entry.description,
        content: JSON.stringify(eventJsonSchemaDraft4(name)),
      });
    }
    this.schemas = schemas;
  }
}
