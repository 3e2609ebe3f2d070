import { TerraformDataSource, TerraformHclModule, TerraformResource, TerraformStack } from 'cdktf';
import { EVENTBRIDGE_MODULE_RESOURCE_TYPES } from './deployment-permissions';

/**
 * The Terraform resource types a stack manages (data sources as `data.<type>`), the EventBridge module's own
 * resources included: what the pipeline roles must be able to read and change.
 */
export function managedResourceTypes(stack: TerraformStack): string[] {
  const types = new Set<string>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof TerraformResource) types.add(construct.terraformResourceType);
    if (construct instanceof TerraformDataSource) types.add(`data.${construct.terraformResourceType}`);
    if (construct instanceof TerraformHclModule) EVENTBRIDGE_MODULE_RESOURCE_TYPES.forEach((type) => types.add(type));
  }
  return [...types].sort();
}
