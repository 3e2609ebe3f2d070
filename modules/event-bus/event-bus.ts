import { TerraformHclModule, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ModuleSource, resolveModuleSource } from './module-source';
import { EventBusConfigError, toModuleInputs } from './module-inputs';
import { EventBusResourcePermissions } from './resource-permissions';
import type { EventBusArchive, EventBusRule, EventBusSchedule, EventBusScheduleGroup } from './types';

/** Props of {@link EventBus}. */
export interface EventBusProps {
  /** Name of the custom bus; carries the environment prefix. */
  readonly busName: string;
  /**
   * Name of the module's IAM role (used by schedules). The module attaches its policies exclusively by this
   * name, so it must be unique per environment: two buses with the same role name in one app are refused.
   */
  readonly roleName: string;
  /** Rules by key (`[a-z0-9_]`); the module names each `<key>-rule`. @default no rules */
  readonly rules?: Readonly<Record<string, EventBusRule>>;
  /** Archives by name. @default no archive */
  readonly archives?: Readonly<Record<string, EventBusArchive>>;
  /** Schedule groups by key. @default none */
  readonly scheduleGroups?: Readonly<Record<string, EventBusScheduleGroup>>;
  /** Recurring schedules by key. @default none */
  readonly schedules?: Readonly<Record<string, EventBusSchedule>>;
  /** Turn on the schema discoverer for the bus. @default true */
  readonly schemaDiscoverer?: boolean;
  /** Tags of the module's resources. @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Where the module comes from. @default the pinned registry address, or `EVENTBRIDGE_MODULE_SOURCE` */
  readonly moduleSource?: ModuleSource;
}

/**
 * A custom EventBridge bus with its rules, targets, archives and schedules, built by the community module
 * `terraform-aws-modules/eventbridge/aws` 3.17.1, plus the resource-based permissions the module leaves out.
 */
export class EventBus extends Construct {
  /** The module block. */
  public readonly module: TerraformHclModule;
  /** Resource-based permissions for the rules' targets. */
  public readonly permissions: EventBusResourcePermissions;
  /** The props' rules, as given. */
  public readonly rules: Readonly<Record<string, EventBusRule>>;
  /** The bus name as configured. */
  public readonly busName: string;
  /** The module's role name. */
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: EventBusProps) {
    super(scope, id);
    this.busName = props.busName;
    this.roleName = props.roleName;
    this.rules = props.rules ?? {};
    this.assertRoleNameUnique();

    const variables = toModuleInputs({
      busName: props.busName,
      roleName: props.roleName,
      rules: this.rules,
      archives: props.archives ?? {},
      scheduleGroups: props.scheduleGroups ?? {},
      schedules: props.schedules ?? {},
      schemaDiscoverer: props.schemaDiscoverer ?? true,
      tags: props.tags ?? {},
    });
    this.module = new TerraformHclModule(this, 'module', { ...(props.moduleSource ?? resolveModuleSource()), variables });
    this.permissions = new EventBusResourcePermissions(this, 'permissions', {
      busName: props.busName,
      rules: Object.entries(this.rules).map(([key, rule]) => ({ key, rule, ruleArn: this.ruleArn(key) })),
    });
  }

  /** Name of the bus (module output `eventbridge_bus_name`). */
  public get busNameOutput(): string {
    return Token.asString(this.module.get('eventbridge_bus_name'));
  }

  /** ARN of the bus (module output `eventbridge_bus_arn`). */
  public get busArn(): string {
    return Token.asString(this.module.get('eventbridge_bus_arn'));
  }

  /** ARN of one rule (module output `eventbridge_rule_arns[key]`). */
  public ruleArn(key: string): string {
    if (!(key in this.rules)) throw new EventBusConfigError(this.busName, `no rule "${key}"`);
    // Attribute access (not ["key"]) so the reference survives being embedded in JSON policy documents.
    return `\${module.${this.module.friendlyUniqueId}.eventbridge_rule_arns.${key}}`;
  }

  /** Name of one rule as the module creates it (`<key with dashes>-rule`). */
  public ruleName(key: string): string {
    if (!(key in this.rules)) throw new EventBusConfigError(this.busName, `no rule "${key}"`);
    return `${key.replace(/_/g, '-')}-rule`;
  }

  private assertRoleNameUnique(): void {
    const others = this.node.root.node
      .findAll()
      .filter((c): c is EventBus => c instanceof EventBus && c !== this && c.roleName === this.roleName);
    if (others.length > 0) {
      throw new EventBusConfigError(
        this.busName,
        `roleName "${this.roleName}" is already used by bus "${others[0].busName}": the module attaches policies exclusively by role name, so each environment needs its own`,
      );
    }
  }
}
