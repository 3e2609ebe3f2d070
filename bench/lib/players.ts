import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { LocalStack } from '../../local/runtime';
import { signInPlayer } from '../../scripts/lib/players';
import { withConcurrency } from './ws-player';

/** The account's administrator: may create players in the stack's pool. */
const ADMIN = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/**
 * Signs players in to the local stack's user pool with the real Cognito client, as the e2e suite does
 * (AdminCreateUser + AdminSetUserPassword, then USER_PASSWORD_AUTH); returns each player's ID token, in order.
 */
export async function signInLocalPlayers(stack: LocalStack, names: readonly string[], concurrency = 25): Promise<string[]> {
  const outputs = stack.config.outputs as Record<string, unknown>;
  const pool = { userPoolId: String(outputs.user_pool_id), clientId: String(outputs.user_pool_client_id) };
  const cognito = new CognitoIdentityProviderClient({ region: stack.config.region, endpoint: stack.awsEndpoint, credentials: ADMIN });
  try {
    return await withConcurrency(names, concurrency, async (name) => (await signInPlayer(cognito, pool, name)).idToken);
  } finally {
    cognito.destroy();
  }
}
