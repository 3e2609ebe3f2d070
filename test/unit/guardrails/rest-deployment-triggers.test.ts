/**
 * Guardrail (issue 10, class 8): a REST API change always redeploys the stage. A deployment snapshots the API
 * when it is created, so its `triggers` must change whenever anything it snapshots changes: every method,
 * authorizer, integration (URI, credentials, passthrough, templates), response, model, validator and gateway
 * response. The trigger must be Terraform's hash of those resources' whole attribute objects, found from the
 * resources themselves: a hand-made list or a hash of chosen fields leaves something out.
 * https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_deployment
 */
import { synthesizeAll } from '../../support/synthesized-stacks';

/** API Gateway REST resources that are not part of a deployment's snapshot. */
const NOT_DEPLOYED = new Set(['aws_api_gateway_deployment', 'aws_api_gateway_stage', 'aws_api_gateway_method_settings', 'aws_api_gateway_account']);

describe.each(Object.entries(synthesizeAll()).sort(([a], [b]) => a.localeCompare(b)))('%s: REST deployment triggers', (_name, { json }) => {
  const deployments = Object.values(json.resource.aws_api_gateway_deployment ?? {});

  it('has one deployment, replaced (create before destroy) when its trigger changes', () => {
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({ lifecycle: { create_before_destroy: true } });
  });

  it('hashes every resource of the API the deployment snapshots, each as a whole object', () => {
    const trigger = String((deployments[0]?.triggers as Record<string, unknown>)?.redeployment);
    const expression = /^\$\{sha1\(jsonencode\(\[(.*)\]\)\)\}$/.exec(trigger);
    expect(expression).not.toBeNull();
    const referenced = expression![1]!.split(',').map((r) => r.trim());
    // whole resources (type.name), never one attribute of them
    expect(referenced.filter((r) => r.split('.').length !== 2)).toEqual([]);
    const snapshot = Object.entries(json.resource)
      .filter(([type]) => type.startsWith('aws_api_gateway_') && !NOT_DEPLOYED.has(type))
      .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
    expect(snapshot.length).toBeGreaterThan(10);
    expect([...referenced].sort()).toEqual([...snapshot].sort());
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(['aws_api_gateway_authorizer', 'aws_api_gateway_integration', 'aws_api_gateway_gateway_response']));
  });

  it('is created after everything it snapshots', () => {
    const dependsOn = (deployments[0]?.depends_on ?? []) as string[];
    const referenced = /\[(.*)\]/.exec(String((deployments[0]?.triggers as Record<string, unknown>)?.redeployment))![1]!.split(',').map((r) => r.trim());
    expect([...dependsOn].sort()).toEqual([...referenced].sort());
  });
});
