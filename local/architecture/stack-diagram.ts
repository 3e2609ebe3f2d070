/**
 * The architecture picture of a synthesized stack (Node.js side: it reads the stack with the local runtime's
 * reader). The graph model, layout and renderer it uses run in browsers too.
 */
import type { LocalEndpoints } from '../stack/stack-attributes';
import type { SynthesizedStack } from '../stack/terraform-json';
import { buildArchitectureGraph } from './from-stack';
import { layoutArchitecture } from './layout';
import { readArchitectureSource } from './stack-source';
import { renderArchitectureSvg } from './svg';

export { readArchitectureSource } from './stack-source';

/**
 * The SVG picture of a stack. The endpoints are the runtime's defaults: no URL is drawn, so the picture depends on
 * the stack alone (ARNs use the account and region of the stack's outputs, as the runtime's do).
 */
export async function renderStackDiagram(stack: SynthesizedStack): Promise<string> {
  const outputs = stack.json.output ?? {};
  const endpoints: LocalEndpoints = {
    accountId: String(outputs.account_id?.value ?? '000000000000'),
    region: String(outputs.region?.value ?? 'us-east-1'),
    awsEndpoint: 'http://127.0.0.1:4566',
    restEndpoint: 'http://127.0.0.1:3000',
    webSocketEndpoint: 'ws://127.0.0.1:3001',
  };
  const graph = buildArchitectureGraph(readArchitectureSource(stack, endpoints));
  const environment = stack.name.replace(/^fakemon-/, '');
  return renderArchitectureSvg(await layoutArchitecture(graph), {
    subtitle: `Generated from the synthesized stack by \`npm run diagram -- --env ${environment}\`. Hover a box or an arrow for its details.`,
  });
}
