/**
 * `$connect` authorization decisions, free of I/O: which player a verified token names, and the IAM policy
 * API Gateway expects back.
 */
import { isPlayerName, PLAYER_NAME_RULE } from '../events/primitives';

/** The query-string parameter that carries the token (browsers cannot set headers on a WebSocket). */
export const TOKEN_PARAMETER = 'token';

/** The Lambda authorizer's answer: an IAM policy for the route and the context the integration receives. */
export interface AuthorizerResponse {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: ReadonlyArray<{ readonly Action: 'execute-api:Invoke'; readonly Effect: 'Allow' | 'Deny'; readonly Resource: string }>;
  };
  /** String values only (API Gateway stringifies whatever it gets). */
  readonly context?: Readonly<Record<string, string>>;
}

export type PlayerDecision =
  | { readonly kind: 'allow'; readonly player: string; readonly subject: string }
  | { readonly kind: 'deny'; readonly principal: string; readonly reason: string };

/**
 * The player a verified ID token names (`cognito:username`). A name outside the player-name rule is denied:
 * such a user could only exist if the pool's sign-up rule was bypassed (imported or created before the rule).
 */
export function playerFromClaims(claims: Readonly<Record<string, unknown>>): PlayerDecision {
  const subject = typeof claims.sub === 'string' ? claims.sub : 'unknown';
  const username = claims['cognito:username'];
  if (!isPlayerName(username)) return { kind: 'deny', principal: subject, reason: PLAYER_NAME_RULE };
  return { kind: 'allow', player: username, subject };
}

/** The policy for a decision on the route `methodArn` (`arn:aws:execute-api:…/<stage>/$connect`). */
export function policyFor(decision: PlayerDecision, methodArn: string): AuthorizerResponse {
  if (decision.kind === 'deny') {
    return {
      principalId: decision.principal,
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: methodArn }] },
    };
  }
  return {
    principalId: decision.subject,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: methodArn }] },
    context: { player: decision.player },
  };
}
