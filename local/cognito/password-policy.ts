import { AwsServiceError } from '../aws/errors';
import type { LocalPasswordPolicy } from './model';

/** The characters Cognito counts as symbols. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/;

/**
 * Checks a password against the pool's policy as Cognito does: the first rule it breaks is reported in an
 * `InvalidPasswordException` ("Password did not conform with policy: …").
 */
export function assertPasswordConforms(password: string, policy: LocalPasswordPolicy): void {
  const problem =
    [...password].length < policy.minimumLength
      ? 'Password not long enough'
      : policy.requireUppercase && !/[A-Z]/.test(password)
        ? 'Password must have uppercase characters'
        : policy.requireLowercase && !/[a-z]/.test(password)
          ? 'Password must have lowercase characters'
          : policy.requireNumbers && !/[0-9]/.test(password)
            ? 'Password must have numeric characters'
            : policy.requireSymbols && !SYMBOLS.test(password)
              ? 'Password must have symbol characters'
              : undefined;
  if (problem) throw new AwsServiceError('InvalidPasswordException', `Password did not conform with policy: ${problem}`, 400);
}
