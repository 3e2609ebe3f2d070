import * as path from 'node:path';
import { readSynthesizedStack, type SynthesizedStack } from '../../../local/stack/terraform-json';
import { toLocalStackConfig, type LocalStackConfig } from '../../../local/stack/to-local-config';
import { synthesizeStacks } from '../../../scripts/lib/synth';

/** Every environment's synthesized stack (with `pr-123`), and what the local runtime reads from it. */
export function synthesizedLocalConfigs(): Array<{ name: string; stack: SynthesizedStack; config: LocalStackConfig }> {
  // Environment stacks only: a bootstrap stack has nothing for the local runtime to run.
  const dirs = synthesizeStacks({ FAKEMON_PR_ID: '123' }).filter((s) => !s.name.startsWith('fakemon-bootstrap-'));
  return dirs.map(({ name, dir }) => {
    const stack = readSynthesizedStack(path.dirname(path.dirname(dir)), name);
    const config = toLocalStackConfig(stack, {
      accountId: '111111111111',
      region: 'eu-west-1',
      awsEndpoint: 'http://127.0.0.1:4566',
      restEndpoint: 'http://127.0.0.1:3000',
      webSocketEndpoint: 'ws://127.0.0.1:3001',
    });
    return { name, stack, config };
  });
}
