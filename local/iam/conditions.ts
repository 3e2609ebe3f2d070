/**
 * The `Condition` element: every operator of a block and every key of an operator must hold (AND); the values of
 * one key are alternatives (OR), and for the negated operators the request value must match none of them.
 * `…IfExists` holds when the key is absent; `ForAllValues:` / `ForAnyValue:` compare multivalued keys as sets.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { BlockList, isIPv6 } from 'node:net';
import type { ConditionBlock } from './policy';
import type { RequestContext } from './context';
import { matchesArn, matchesPattern, substituteVariables } from './wildcard';

/** Compares one request value with one policy value. */
type Comparator = (requestValue: string, policyValue: string, context: RequestContext) => boolean;

const number = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
const date = (text: string): number => (/^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text));
const numeric = (compare: (a: number, b: number) => boolean): Comparator => (a, b) => {
  const [x, y] = [number(a), number(b)];
  return !Number.isNaN(x) && !Number.isNaN(y) && compare(x, y);
};
const dated = (compare: (a: number, b: number) => boolean): Comparator => (a, b) => {
  const [x, y] = [date(a), date(b)];
  return !Number.isNaN(x) && !Number.isNaN(y) && compare(x, y);
};
/** Policy values may hold variables; an unresolvable variable matches nothing. */
const literal = (text: string, context: RequestContext): string | undefined => substituteVariables(text, context);

function inCidr(address: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  if (!network) return false;
  const family = isIPv6(network) ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  try {
    if (bits === undefined) list.addAddress(network, family);
    else list.addSubnet(network, Number(bits), family);
    return list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
  } catch {
    return false;
  }
}

const POSITIVE: Readonly<Record<string, Comparator>> = {
  StringEquals: (a, b, c) => a === literal(b, c),
  StringEqualsIgnoreCase: (a, b, c) => a.toLowerCase() === literal(b, c)?.toLowerCase(),
  StringLike: (a, b, c) => matchesPattern(b, a, { context: c }),
  NumericEquals: numeric((a, b) => a === b),
  NumericLessThan: numeric((a, b) => a < b),
  NumericLessThanEquals: numeric((a, b) => a <= b),
  NumericGreaterThan: numeric((a, b) => a > b),
  NumericGreaterThanEquals: numeric((a, b) => a >= b),
  DateEquals: dated((a, b) => a === b),
  DateLessThan: dated((a, b) => a < b),
  DateLessThanEquals: dated((a, b) => a <= b),
  DateGreaterThan: dated((a, b) => a > b),
  DateGreaterThanEquals: dated((a, b) => a >= b),
  Bool: (a, b, c) => a.toLowerCase() === literal(b, c)?.toLowerCase(),
  BinaryEquals: (a, b) => a === b,
  IpAddress: (a, b) => inCidr(a, b),
  ArnEquals: (a, b, c) => matchesArn(b, a, c),
  ArnLike: (a, b, c) => matchesArn(b, a, c),
};

/** Negated operator → the operator it negates. */
const NEGATED: Readonly<Record<string, string>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/** A condition operator this evaluator does not know. */
export class UnknownConditionOperatorError extends Error {
  constructor(operator: string) {
    super(`Unknown condition operator ${operator}`);
    this.name = 'UnknownConditionOperatorError';
  }
}

interface Operator {
  readonly set?: 'ForAllValues' | 'ForAnyValue';
  readonly ifExists: boolean;
  readonly negated: boolean;
  readonly compare?: Comparator;
  readonly isNull: boolean;
}

function parseOperator(name: string): Operator {
  const [prefix, rest] = name.includes(':') ? (name.split(':', 2) as [string, string]) : [undefined, name];
  if (prefix !== undefined && prefix !== 'ForAllValues' && prefix !== 'ForAnyValue') throw new UnknownConditionOperatorError(name);
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  if (base === 'Null' && !ifExists) return { set: prefix, ifExists: false, negated: false, isNull: true };
  const positive = NEGATED[base] ?? base;
  const compare = POSITIVE[positive];
  if (!compare) throw new UnknownConditionOperatorError(name);
  return { set: prefix, ifExists, negated: positive !== base, compare, isNull: false };
}

/** Throws for an operator the evaluator does not know (used when policies are loaded). */
export function assertKnownOperator(name: string): void {
  parseOperator(name);
}

/** Whether a single request value satisfies the operator against the policy values. */
function single(operator: Operator, value: string, policyValues: readonly string[], context: RequestContext): boolean {
  const compare = operator.compare as Comparator;
  const any = policyValues.some((policyValue) => compare(value, policyValue, context));
  return operator.negated ? !any : any;
}

function keyHolds(operator: Operator, value: string | readonly string[] | undefined, policyValues: readonly string[], context: RequestContext): boolean {
  if (operator.isNull) {
    const absent = value === undefined || (Array.isArray(value) && value.length === 0);
    return policyValues.some((v) => (v.toLowerCase() === 'true' ? absent : !absent));
  }
  const values: readonly string[] = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  if (operator.set === 'ForAllValues') return values.every((v) => single(operator, v, policyValues, context));
  if (operator.set === 'ForAnyValue') return values.some((v) => single(operator, v, policyValues, context));
  if (values.length === 0) return operator.ifExists || operator.negated;
  return values.some((v) => single(operator, v, policyValues, context));
}

/** Whether every condition of a statement holds for the request. */
export function conditionsHold(block: ConditionBlock | undefined, context: RequestContext): boolean {
  if (!block) return true;
  return Object.entries(block).every(([name, keys]) => {
    const operator = parseOperator(name);
    return Object.entries(keys).every(([key, policyValues]) => keyHolds(operator, context.get(key), policyValues, context));
  });
}
