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
 * produces. For a pattern given as JSON text that is not JSON (or not an object), AWS appends Jackson's
 * source location ("\n at [Source: ...]"), passed as `location`; elsewhere we know no location to add.
 */
export class InvalidEventPatternError extends AwsServiceError {
  constructor(
    readonly reason: string,
    location = '',
  ) {
    super('InvalidEventPatternException', INVALID_PATTERN_PREFIX + reason + location, 400);
    this.name = 'InvalidEventPatternException';
  }
}

/** Throw an InvalidEventPatternError with the given reason (and Jackson location suffix). */
export function invalid(reason: string, location?: string): never {
  throw new InvalidEventPatternError(reason, location);
}
