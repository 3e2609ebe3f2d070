import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { toModuleInputs } from '../../../modules/event-bus';
import { baseProps } from './fixtures';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'eventbridge-module-contract');

/** Types of these inputs in terraform-aws-modules/eventbridge/aws v3.17.1 (variables.tf at that tag). */
const MODULE_3_17_1_TYPES: Record<string, string> = {
  bus_name: 'string',
  tags: 'map(string)',
  create_schemas_discoverer: 'bool',
  append_rule_postfix: 'bool',
  rules: 'map(any)',
  targets: 'any',
  create_archives: 'bool',
  archives: 'map(any)',
  schedule_groups: 'any',
  schedules: 'map(any)',
  create_role: 'bool',
  role_name: 'string',
  attach_policy_statements: 'bool',
  policy_statements: 'any',
};

function fixtureVariables(): Record<string, string> {
  const text = readFileSync(path.join(FIXTURE, 'variables.tf'), 'utf8');
  const declared: Record<string, string> = {};
  for (const match of text.matchAll(/variable\s+"([a-z_]+)"\s*\{\s*type\s*=\s*([^\n]+)\n/g)) declared[match[1]] = match[2].trim();
  return declared;
}

describe('EventBridge module contract fixture', () => {
  it('declares exactly the variables the wrapper passes', () => {
    const passed = Object.keys(toModuleInputs(baseProps)).sort();
    expect(Object.keys(fixtureVariables()).sort()).toEqual(passed);
  });

  it('declares them with the types of module 3.17.1', () => {
    expect(fixtureVariables()).toEqual(MODULE_3_17_1_TYPES);
  });

  it('declares the outputs the project reads', () => {
    const outputs = [...readFileSync(path.join(FIXTURE, 'outputs.tf'), 'utf8').matchAll(/output\s+"([a-z_]+)"/g)].map((m) => m[1]);
    expect(outputs).toEqual(expect.arrayContaining(['eventbridge_bus_name', 'eventbridge_bus_arn', 'eventbridge_rule_arns']));
  });
});
