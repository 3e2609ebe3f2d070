import { cognitoTokenVerifier, InvalidTokenError, type TokenVerifier } from '../adapters/token-verifier';
import { isContractViolation, parseWith } from '../events/contract-violation';
import { webSocketAuthorizerEvent } from '../events/invocations';
import type { LambdaContext } from '../shared/lambda';
import { lazy } from '../shared/lazy';
import { createLogger, type Logger } from '../shared/logger';
import { loadWsAuthorizerConfig } from './config';
import { playerFromClaims, policyFor, TOKEN_PARAMETER, type AuthorizerResponse } from './domain';

export interface WsAuthorizerDeps {
  readonly verifier: TokenVerifier;
  readonly logger?: Logger;
}

/**
 * What API Gateway turns into a 401: a Lambda authorizer that fails with exactly this message. Any other
 * failure answers 500, so a broken authorizer never lets anyone in.
 */
export const UNAUTHORIZED = 'Unauthorized';

export function makeHandler(deps: WsAuthorizerDeps): (event: unknown, context?: LambdaContext) => Promise<AuthorizerResponse> {
  const baseLogger = deps.logger ?? createLogger({ function: 'ws-authorizer' });
  return async (event, context) => {
    let log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    let parsed;
    try {
      parsed = parseWith('webSocketAuthorizerEvent', webSocketAuthorizerEvent, event);
    } catch (error) {
      log.error(isContractViolation(error) ? 'not a REQUEST authorizer event' : 'authorizer failed', { error });
      throw error;
    }
    const connectionId = parsed.requestContext?.connectionId;
    if (connectionId) log = log.child({ connectionId, correlationId: connectionId });
    const token = parsed.queryStringParameters?.[TOKEN_PARAMETER];
    if (!token) {
      log.warn('connection refused', { reason: 'no token' });
      throw new Error(UNAUTHORIZED);
    }
    let claims;
    try {
      claims = await deps.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        log.warn('connection refused', { reason: error.reason });
        throw new Error(UNAUTHORIZED);
      }
      log.error('token verification failed', { error });
      throw error;
    }
    const decision = playerFromClaims(claims);
    if (decision.kind === 'deny') log.warn('connection denied', { reason: decision.reason });
    else log.info('connection authorized', { player: decision.player });
    return policyFor(decision, parsed.methodArn);
  };
}

const wired = lazy(() => {
  const config = loadWsAuthorizerConfig();
  return makeHandler({ verifier: cognitoTokenVerifier({ issuer: config.tokenIssuer, clientId: config.userPoolClientId }) });
});

/** The Lambda entry point (`index.handler`): the WebSocket API's `$connect` REQUEST authorizer. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<AuthorizerResponse> => wired()(event, context);
