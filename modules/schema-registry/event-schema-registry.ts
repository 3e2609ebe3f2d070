import { SchemasRegistry } from '@cdktf/provider-aws/lib/schemas-registry';
import { SchemasSchema } from '@cdktf/provider-aws/lib/schemas-schema';
import { Construct } from 'constructs';
import { catalogEntries, eventJsonSchemaDraft4, EVENT_NAMES } from '../../handlers/src/events';

/** Props of {@link EventSchemaRegistry}. */
export interface EventSchemaRegistryProps {
  /** Name of the registry, with the environment prefix. */
  readonly registryName: string;
}

/** The event catalog published to the EventBridge schema registry, one JSONSchemaDraft4 schema per event. */
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
    EVENT_NAMES.forEach((name, i) => {
      const entry = catalogEntries[i];
      schemas[entry.detailType] = new SchemasSchema(this, name, {
        name: `${entry.source}@${entry.detailType}`,
        registryName: this.registry.name,
        type: 'JSONSchemaDraft4',
        description: entry.description,
        content: JSON.stringify(eventJsonSchemaDraft4(name)),
      });
    });
    this.schemas = schemas;
  }
}
