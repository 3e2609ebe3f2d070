import { defineFlow } from '../flow/flow-definition';

/**
 * Players and sign-in: the stack's Cognito user pool and the game's app client (which every REST route and the
 * WebSocket `$connect` authorizer accept tokens of), with the pre sign-up trigger that enforces the player-name
 * rule.
 */
export const playersFlow = defineFlow({
  name: 'players',
  description: 'The user pool players sign in to; the pre sign-up trigger enforces the name rule',
  contracts: [],
  functions: {
    'pre-sign-up': { reservesConcurrency: true },
  },
  userPool: { preSignUp: 'pre-sign-up' },
  outputs: ({ players }) => ({ user_pool_id: players.poolId, user_pool_client_id: players.clientId }),
});
