import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsTarget } from './lib/aws-target';
import { findPlayerPool, signInPlayer } from './lib/players';

const USAGE = 'usage: npm run --silent player -- <name> [--env <env>] [--endpoint <url> | --aws] [--password <password>] [--json]';
const LOCAL_ENDPOINT = 'http://127.0.0.1:4566';

// `npm run player -- ash`: prints an ID token for player ash from the environment's user pool (the local runtime
// by default), creating the player if needed. Only the token goes to stdout: TOKEN=$(npm run --silent player -- ash).
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      env: { type: 'string', default: 'dev' },
      endpoint: { type: 'string' },
      aws: { type: 'boolean', default: false },
      password: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  const [name] = positionals as [string];
  if (values.aws && values.endpoint) throw new Error(`--aws and --endpoint exclude each other\n${USAGE}`);
  const endpoint = values.aws ? '' : values.endpoint ?? process.env.AWS_ENDPOINT_URL ?? LOCAL_ENDPOINT;
  const target = awsTarget(values.env, endpoint);
  const cognito = new CognitoIdentityProviderClient(target.client);
  try {
    const pool = await findPlayerPool(cognito, target.config.namePrefix);
    const tokens = await signInPlayer(cognito, pool, name, values.password);
    console.error(`${name} signed in to ${target.config.namePrefix}-players (${pool.userPoolId}) ${endpoint ? `at ${endpoint}` : 'on AWS'}`);
    console.log(values.json ? JSON.stringify({ player: name, ...pool, ...tokens }, null, 2) : tokens.idToken);
  } finally {
    cognito.destroy();
  }
}

main().catch((error: unknown) => {
  const err = error as { name?: string; message?: string; code?: string };
  const unreachable = err?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(err?.message));
  console.error(unreachable ? 'The local runtime is not running: start it with npm start (or pass --endpoint / --aws)' : `${err?.name ?? 'Error'}: ${err?.message ?? String(error)}`);
  process.exitCode = 2;
});
