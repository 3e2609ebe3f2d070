import { isContractViolation, parseWith } from '../events/contract-violation';
import { preSignUpEvent, type PreSignUpEvent } from '../events/invocations';
import type { LambdaContext } from '../shared/lambda';
import { createLogger, type Logger } from '../shared/logger';
import { decideSignUp } from './domain';

export interface PreSignUpDeps {
  readonly logger?: Logger;
}

/** A refused sign-up: Cognito answers `UserLambdaValidationException` with this message in it. */
export class SignUpRefused extends Error {
  override readonly name = 'SignUpRefused';
}

/**
 * The user pool's pre sign-up trigger (SignUp and AdminCreateUser): enforces the player-name rule and confirms
 * players' own sign-ups. Returns the event with its `response` filled in, as Cognito expects.
 */
export function makeHandler(deps: PreSignUpDeps = {}): (event: unknown, context?: LambdaContext) => Promise<PreSignUpEvent> {
  const baseLogger = deps.logger ?? createLogger({ function: 'pre-sign-up' });
  return async (event, context) => {
    const log = baseLogger.child(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {});
    let parsed: PreSignUpEvent;
    try {
      parsed = parseWith('preSignUpEvent', preSignUpEvent, event);
    } catch (error) {
      log.error(isContractViolation(error) ? 'not a pre sign-up event' : 'sign-up check failed', { error });
      throw error;
    }
    const decision = decideSignUp(parsed.triggerSource, parsed.userName);
    if (decision.kind === 'refuse') {
      log.warn('sign-up refused', { triggerSource: parsed.triggerSource, reason: decision.message });
      throw new SignUpRefused(decision.message);
    }
    log.info('sign-up accepted', { triggerSource: parsed.triggerSource, player: parsed.userName, autoConfirm: decision.autoConfirm });
    return { ...parsed, response: { ...parsed.response, autoConfirmUser: decision.autoConfirm } };
  };
}

const wired = makeHandler();

/** The Lambda entry point (`index.handler`): Cognito's pre sign-up trigger of the players' pool. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<PreSignUpEvent> => wired(event, context);
