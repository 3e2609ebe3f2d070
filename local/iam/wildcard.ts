/**
 * IAM string matching: `*` matches any run of characters, `?` any one character, and policy variables
 * (`${aws:SourceAccount}`, `${key, 'default'}`, and the literal escapes `${*}`, `${?}`, `${$}`) are replaced by
 * context values that match literally.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import type { RequestContext } from './context';

const VARIABLE = /\$\{([^}]*)\}/g;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const globSource = (text: string): string => escapeRegExp(text).replace(/\\\*/g, '.*').replace(/\\\?/g, '.');

/** The value of one `${…}` variable, or undefined when its key is not in the request and has no default. */
function variableValue(expression: string, context: RequestContext): string | undefined {
  const trimmed = expression.trim();
  if (trimmed === '*' || trimmed === '?' || trimmed === '$') return trimmed;
  const withDefault = /^([^,]+),\s*'([^']*)'$/.exec(trimmed);
  const key = (withDefault ? withDefault[1] : trimmed).trim();
  const value = context.get(key);
  if (typeof value === 'string') return value;
  return withDefault ? withDefault[2] : undefined;
}

/**
 * Regular-expression source for a policy string: wildcards outside variables, variable values literal. Undefined
 * when a variable cannot be resolved (the element then matches nothing).
 */
export function patternSource(text: string, context: RequestContext | undefined): string | undefined {
  if (!context || !text.includes('${')) return globSource(text);
  let source = '';
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const value = variableValue(match[1] as string, context);
    if (value === undefined) return undefined;
    source += globSource(text.slice(last, match.index)) + escapeRegExp(value);
    last = (match.index as number) + match[0].length;
  }
  return source + globSource(text.slice(last));
}

/** A policy string with its variables replaced (wildcards left as they are); undefined when one cannot be resolved. */
export function substituteVariables(text: string, context: RequestContext): string | undefined {
  if (!text.includes('${')) return text;
  let unresolved = false;
  const result = text.replace(VARIABLE, (_match, expression: string) => {
    const value = variableValue(expression, context);
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : result;
}

const cache = new Map<string, RegExp>();

function regExp(source: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${source}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 10_000) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

/** Whether `value` matches the policy string `pattern` (with wildcards and, given a context, variables). */
export function matchesPattern(pattern: string, value: string, options: { ignoreCase?: boolean; context?: RequestContext } = {}): boolean {
  const source = patternSource(pattern, options.context);
  return source !== undefined && regExp(source, options.ignoreCase ?? false).test(value);
}

/** Splits an ARN into partition, service, region, account and resource (the resource keeps its colons). */
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(1, 5), parts.slice(5).join(':')];
}

/**
 * ARN matching as `Resource` and the `Arn*` condition operators do it: each of the colon-delimited parts is
 * matched on its own (a wildcard does not run from one part into the next), the resource part as a whole.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
export function matchesArn(pattern: string, arn: string, context?: RequestContext): boolean {
  if (pattern === '*') return true;
  const wanted = arnParts(pattern);
  const actual = arnParts(arn);
  if (!wanted || !actual) return false;
  return wanted.every((part, i) => matchesPattern(part, actual[i] as string, { context }));
}
