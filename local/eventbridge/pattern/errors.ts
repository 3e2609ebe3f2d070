import { AwsServiceError } from '../../aws/errors';

/** The prefix EventBridge puts in front of every pattern-validation reason. */
export const INVALID_PATTERN_PREFIX = 'Event pattern is not valid. Reason: ';

/**
 * Thrown when an event pattern is malformed. The name (and AWS error code) is
 * `InvalidEventPatternException`, HTTP 400, so the local AWS endpoint can return it as is.
 *
 * `reason` is the bare reason; `message` is what AWS returns, e.g.
 * `Event pattern is not valid. Reason: "int" must be an object or an array`.
 * The reasons are the ones event-ruler's JsonRuleCompiler (the library behind EventBridge)
 * produces; AWS appends a Jackson source location (" at [Source: ...]") that we leave out.
 */
export class InvalidEventPatternError extends AwsServiceError {
  constructor(readonly reason: string) {
    super('InvalidEventPatternException', INVALID_PATTERN_PREFIX + reason, 400);
    this.name = 'InvalidEventPatternException';
  }
}

/** Throw an InvalidEventPatternError with the given reason. */
export function invalid(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
