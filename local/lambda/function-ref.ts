import { parseArn } from '../aws/arn';
import { constraintViolations, violation } from '../aws/errors';
import { lambdaErrors } from './errors';

/**
 * The FunctionName and Qualifier constraints of the Lambda API (Invoke, GetFunction, …), as the service
 * reports them in its validation errors.
 */
export const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
export const QUALIFIER_PATTERN = '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+';
const FUNCTION_NAME_MAX_LENGTH = 170;
const QUALIFIER_MAX_LENGTH = 128;

const FUNCTION_NAME = new RegExp(`^(?:${FUNCTION_NAME_PATTERN})$`);
const QUALIFIER = new RegExp(`^(?:${QUALIFIER_PATTERN})$`);

/** A function named by an API caller: a name, a full ARN or a partial ARN, with an optional qualifier. */
export interface FunctionReference {
  readonly name: string;
  readonly qualifier?: string;
  /** Set when the caller gave a full ARN. */
  readonly region?: string;
  /** Set when the caller gave a full or partial ARN. */
  readonly accountId?: string;
}

/**
 * Validates a FunctionName (and the separate Qualifier parameter) as Lambda does, answering its 400 errors:
 * ValidationException for a value outside the constraints, InvalidParameterValueException when the
 * qualifier in the name and the Qualifier parameter disagree.
 */
export function parseFunctionReference(functionName: string, qualifier?: string): FunctionReference {
  const violations: string[] = [];
  if (!FUNCTION_NAME.test(functionName)) {
    violations.push(violation(functionName, 'functionName', `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`));
  } else if (functionName.length > FUNCTION_NAME_MAX_LENGTH) {
    violations.push(violation(functionName, 'functionName', `Member must have length less than or equal to ${FUNCTION_NAME_MAX_LENGTH}`));
  }
  if (qualifier !== undefined) {
    if (qualifier.length > QUALIFIER_MAX_LENGTH) {
      violations.push(violation(qualifier, 'qualifier', `Member must have length less than or equal to ${QUALIFIER_MAX_LENGTH}`));
    } else if (!QUALIFIER.test(qualifier)) {
      violations.push(violation(qualifier, 'qualifier', `Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`));
    }
  }
  if (violations.length > 0) throw constraintViolations(violations);
  const reference = functionReferenceOf(functionName);
  if (qualifier !== undefined && reference.qualifier !== undefined && qualifier !== reference.qualifier) {
    throw lambdaErrors.invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
  }
  return qualifier === undefined ? reference : { ...reference, qualifier };
}

/** Splits "name", "name:qualifier", "account:function:name[:qualifier]" or a full ARN, without validating. */
export function functionReferenceOf(ref: string): FunctionReference {
  if (ref.startsWith('arn:')) {
    const arn = parseArn(ref);
    const parts = (arn?.resource ?? '').split(':');
    // "…:function" alone names a function called "function", as the pattern reads it.
    const [name, qualifier] = parts[0] === 'function' && parts.length > 1 ? parts.slice(1) : parts;
    return { name, qualifier, region: arn?.region, accountId: arn?.accountId };
  }
  const parts = ref.split(':');
  if (parts.length >= 3 && parts[1] === 'function') return { name: parts[2], qualifier: parts[3], accountId: parts[0] };
  if (parts.length >= 2 && parts[0] === 'function') return { name: parts[1], qualifier: parts[2] };
  return { name: parts[0], qualifier: parts[1] };
}
