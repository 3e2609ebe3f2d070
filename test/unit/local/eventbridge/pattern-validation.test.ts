/**
 * Pattern validation: malformed patterns must be refused with InvalidEventPatternException and
 * the reason EventBridge gives.
 *
 * Sources: [AWS] reasons recorded from AWS TestEventPattern (LocalStack's AWS-validated snapshots);
 * [ER] event-ruler's JsonRuleCompiler (the compiler EventBridge runs, which produces those reasons);
 * [OPS › x] the user guide's "Comparison operators" section x.
 */
import {
  INVALID_PATTERN_PREFIX,
  InvalidEventPatternError,
  compileEventPattern,
  matchesEventPattern,
  validateEventPattern,
} from '../../../../local/eventbridge/pattern';

type Invalid = [description: string, pattern: unknown, reason: string];

const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

const structure: Invalid[] = [
  ['[AWS] a JSON array is not an object', ['not', 'a', 'dict'], 'Filter is not an object'],
  ['[AWS] a JSON string pattern holding an array', '["not", "a", "dict", "but valid json"]', 'Filter is not an object'],
  ['[ER] null', null, 'Filter is not an object'],
  ['[ER] a number', 5, 'Filter is not an object'],
  ['[ER] an empty pattern', {}, 'Empty objects are not allowed'],
  ['[ER] an empty nested object', { detail: {} }, 'Empty objects are not allowed'],
  ['[AWS] a number instead of an array', { int: 42 }, '"int" must be an object or an array'],
  ['[AWS] a string instead of an array', { string: 'my-value' }, '"string" must be an object or an array'],
  ['[ER] null instead of an array', { detail: { state: null } }, '"state" must be an object or an array'],
  ['[ER] a boolean instead of an array', { b: true }, '"b" must be an object or an array'],
  ['[AWS] an empty value array', { resources: [] }, 'Empty arrays are not allowed'],
  ['[ER] an array inside the value array', { a: [['x']] }, 'Match value must be String, number, true, false, or null'],
  ['[ER] an operator object with no key', { a: [{}] }, 'Match expression name not found'],
  ['[AWS] operators are case-sensitive (NUMERIC)', { detail: { equal: [{ NUMERIC: ['=', 5] }] } }, 'Unrecognized match type NUMERIC'],
  ['[AWS] operators are case-sensitive (EXISTS)', { my_key: [{ EXISTS: true }] }, 'Unrecognized match type EXISTS'],
  ['[ER] an unknown operator', { a: [{ foo: 1 }] }, 'Unrecognized match type foo'],
  ['[ER] "contains" is not an EventBridge operator', { a: [{ contains: 'x' }] }, 'Unrecognized match type contains'],
  ['[ER] two operators in one object', { a: [{ prefix: 'x', suffix: 'y' }] }, 'Only one key allowed in match expression'],
  ['[ER] exists with a second key', { a: [{ exists: true, prefix: 'x' }] }, 'Only one key allowed in match expression'],
];

const stringOperators: Invalid[] = [
  ['[AWS] prefix must be a string (number)', { time: [{ prefix: 123 }] }, 'prefix match pattern must be a string'],
  ['[AWS] prefix must be a string (list)', { time: [{ prefix: ['2022-07-13'] }] }, 'prefix match pattern must be a string'],
  ['[ER] prefix must be a string (null)', { time: [{ prefix: null }] }, 'prefix match pattern must be a string'],
  ['[ER] prefix object without a key', { s: [{ prefix: {} }] }, 'Prefix expression name not found'],
  ['[ER] prefix object with another operator', { s: [{ prefix: { wildcard: 'x' } }] }, 'Unsupported prefix pattern: wildcard'],
  ['[ER] prefix equals-ignore-case must be a string', { s: [{ prefix: { 'equals-ignore-case': 1 } }] }, 'equals-ignore-case match pattern must be a string'],
  ['[ER] prefix equals-ignore-case with a second key', { s: [{ prefix: { 'equals-ignore-case': 'a', x: 1 } }] }, 'Only one key allowed in match expression'],
  ['[AWS] suffix must be a string (number)', { FileName: [{ suffix: 123 }] }, 'suffix match pattern must be a string'],
  ['[AWS] suffix must be a string (list)', { FileName: [{ suffix: ['.png'] }] }, 'suffix match pattern must be a string'],
  ['[ER] suffix object with another operator', { s: [{ suffix: { prefix: 'x' } }] }, 'Unsupported suffix pattern: prefix'],
  ['[ER] suffix object without a key', { s: [{ suffix: {} }] }, 'Suffix expression name not found'],
  ['[AWS] equals-ignore-case must be a string (list)', { 'detail-type': [{ 'equals-ignore-case': ['ec2'] }] }, 'equals-ignore-case match pattern must be a string'],
  ['[AWS] equals-ignore-case must be a string (object)', { 'detail-type': [{ 'equals-ignore-case': { prefix: 'ec2' } }] }, 'equals-ignore-case match pattern must be a string'],
  ['[ER] exactly must be a string', { s: [{ exactly: 5 }] }, 'exact match pattern must be a string'],
];

const wildcards: Invalid[] = [
  ['[AWS] wildcard must be a string (number)', { EventBusArn: [{ wildcard: 123 }] }, 'wildcard match pattern must be a string'],
  ['[AWS] wildcard must be a string (list)', { EventBusArn: [{ wildcard: ['arn:*'] }] }, 'wildcard match pattern must be a string'],
  ['[AWS] consecutive wildcards (position is 1-based past the opening quote)', { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] }, 'Consecutive wildcard characters at pos 26'],
  ['[ER] consecutive wildcards at the start', { s: [{ wildcard: '**' }] }, 'Consecutive wildcard characters at pos 1'],
  ['[ER] positions count UTF-8 bytes', { s: [{ wildcard: 'é**' }] }, 'Consecutive wildcard characters at pos 3'],
  ['[ER] a backslash may only escape * or \\', { s: [{ wildcard: 'a\\b' }] }, 'Invalid escape character at pos 2'],
  ['[ER] a trailing backslash', { s: [{ wildcard: 'ab\\' }] }, 'Invalid escape character at pos 3'],
  ['[AWS] too many wildcards in one value', { EventBusArn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] }, TOO_COMPLEX],
  ['[ER] repeating sequences after a wildcard', { s: [{ wildcard: 'a*aaaaaaaaaaa' }] }, TOO_COMPLEX],
  ['[ER] complexity adds up over the wildcards of one field', { s: [{ wildcard: '*ab*cd*' }, { wildcard: '*ab*ce*' }, { wildcard: '*ab*cf*' }] }, TOO_COMPLEX],
  ['[ER] complexity counts anything-but wildcards too', { s: [{ 'anything-but': { wildcard: ['*a*a*a*', '*a*a*b*'] } }] }, TOO_COMPLEX],
];

const numeric: Invalid[] = [
  ['[AWS] numeric must be an array', { detail: { 'c-count': [{ numeric: 10 }] } }, 'Value of numeric must be an array.'],
  ['[ER] an empty numeric array', { n: [{ numeric: [] }] }, 'Invalid member in numeric match: ]'],
  ['[ER] numeric must start with an operator', { n: [{ numeric: [5] }] }, 'Invalid member in numeric match: 5'],
  ['[ER] an unknown operator', { n: [{ numeric: ['==', 5] }] }, 'Unrecognized numeric range operator: =='],
  ['[ER] = needs a number', { n: [{ numeric: ['=', '5'] }] }, 'Value of equals must be numeric'],
  ['[ER] > needs a number', { n: [{ numeric: ['>'] }] }, 'Value of > must be numeric'],
  ['[AWS] a second lower bound', { detail: { 'c-count': [{ numeric: ['>', 0, '>', 0] }] } }, 'Bad numeric range operator: >'],
  ['[AWS] the upper bound has no value', { detail: { 'c-count': [{ numeric: ['>', 0, '<'] }] } }, 'Value of < must be numeric'],
  ['[ER] a bare number where the upper operator goes', { n: [{ numeric: ['>', 0, 5] }] }, 'Bad value in numeric range: 5'],
  ['[ER] an empty range', { n: [{ numeric: ['>=', 5, '<=', 5] }] }, 'Bottom must be less than top'],
  ['[ER] an inverted range', { n: [{ numeric: ['>', 10, '<', 5] }] }, 'Bottom must be less than top'],
  ['[ER] the upper bound must come second', { n: [{ numeric: ['<', 5, '>', 0] }] }, 'Too many elements in numeric expression'],
  ['[ER] = cannot start a range', { n: [{ numeric: ['=', 5, '<', 6] }] }, 'Too many elements in numeric expression'],
  ['[ER] only one range per numeric object', { n: [{ numeric: ['>', 0, '<', 5, '>', 10, '<', 20] }] }, 'Too many terms in numeric range expression'],
  ['[ER] numeric with a second key', { n: [{ numeric: ['>', 0], x: 1 }] }, 'Too many elements in numeric expression'],
  ['[ER] a number that overflows a double', '{"n": [{"numeric": [">", 1e999]}]}', 'Cannot compare number : Infinity'],
];

const existsAndCidr: Invalid[] = [
  ['[ER] exists must be a boolean (string)', { a: [{ exists: 'true' }] }, 'exists match pattern must be either true or false.'],
  ['[ER] exists must be a boolean (null)', { a: [{ exists: null }] }, 'exists match pattern must be either true or false.'],
  ['[AWS] cidr must be a string (reported as a prefix error)', { detail: { sourceIPAddress: [{ cidr: ['bad-type'] }] } }, 'prefix match pattern must be a string'],
  ['[AWS] cidr without a slash', { detail: { sourceIPAddress: [{ cidr: 'bad-filter' }] } }, "Malformed CIDR, one '/' required"],
  ['[AWS] cidr mask is not an integer', { detail: { sourceIPAddress: [{ cidr: 'bad-/64filter' }] } }, 'Malformed CIDR, mask bits must be an integer'],
  ['[AWS] cidr address is not an IP', { detail: { sourceIPAddress: [{ cidr: 'xx.11.xx/8' }] } }, 'Nonstandard IP address: xx.11.xx'],
  ['[AWS] cidr IPv6 address with bad digits', { detail: { sourceIPAddress: [{ cidr: 'xxxx:db8:1234:1a00::/64' }] } }, 'Nonstandard IP address: xxxx:db8:1234:1a00::'],
  ['[ER] cidr octet above 255', { ip: [{ cidr: '256.0.0.0/8' }] }, 'Invalid IP address: 256.0.0.0'],
  ['[ER] cidr with two slashes', { ip: [{ cidr: '10.0.0.0/8/9' }] }, "Malformed CIDR, one '/' required"],
  ['[ER] cidr with a negative mask', { ip: [{ cidr: '10.0.0.0/-1' }] }, 'Malformed CIDR, mask bits must not be negative'],
  ['[ER] IPv4 mask bits must be < 32', { ip: [{ cidr: '10.0.0.1/32' }] }, 'IPv4 mask bits must be < 32'],
  ['[ER] IPv6 mask bits must be < 128', { ip: [{ cidr: '::1/128' }] }, 'IPv6 mask bits must be < 128'],
  ['[ER] IPv6 with two ::', { ip: [{ cidr: '1::2::3/64' }] }, 'Invalid IP address: 1::2::3'],
];

const anythingBut: Invalid[] = [
  ['[AWS] anything-but null', { detail: { state: [{ 'anything-but': null }] } }, 'Value of anything-but must be an array or single string/number value.'],
  ['[ER] anything-but a boolean', { s: [{ 'anything-but': true }] }, 'Value of anything-but must be an array or single string/number value.'],
  ['[AWS] null inside an anything-but list', { detail: { state: [{ 'anything-but': ['stopped', null] }] } }, 'Inside anything but list, start|null|boolean is not supported.'],
  ['[ER] an operator inside an anything-but list', { s: [{ 'anything-but': [{ prefix: 'a' }] }] }, 'Inside anything but list, start|null|boolean is not supported.'],
  ['[OPS › Anything-but matching] a list mixing strings and numbers', { s: [{ 'anything-but': ['a', 1] }] }, 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  ['[ER] an empty anything-but list', { s: [{ 'anything-but': [] }] }, 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  ['[ER] anything-but object without a key', { s: [{ 'anything-but': {} }] }, 'Anything-But expression name not found'],
  ['[ER] anything-but numeric is not supported', { s: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'Unsupported anything-but pattern: numeric'],
  ['[ER] anything-but exists is not supported', { s: [{ 'anything-but': { exists: true } }] }, 'Unsupported anything-but pattern: exists'],
  ['[ER] anything-but cidr is not supported', { s: [{ 'anything-but': { cidr: '10.0.0.0/8' } }] }, 'Unsupported anything-but pattern: cidr'],
  ['[AWS] anything-but prefix with an empty string', { detail: { FileName: [{ 'anything-but': { prefix: '' } }] } }, 'Null prefix/suffix not allowed'],
  ['[AWS] anything-but suffix with an empty string', { detail: { FileName: [{ 'anything-but': { suffix: '' } }] } }, 'Null prefix/suffix not allowed'],
  ['[ER] anything-but suffix list with an empty string', { f: [{ 'anything-but': { suffix: ['.txt', ''] } }] }, 'Null prefix/suffix not allowed'],
  ['[AWS] anything-but prefix must be a string', { detail: { state: [{ 'anything-but': { prefix: 123 } }] } }, 'prefix/suffix match pattern must be a string'],
  ['[AWS] anything-but prefix list with a number', { detail: { state: [{ 'anything-but': { prefix: [123, 'test'] } }] } }, 'prefix/suffix match pattern must be a string'],
  ['[AWS] anything-but suffix list with null', { detail: { FileName: [{ 'anything-but': { suffix: [null, '.txt'] } }] } }, 'prefix/suffix match pattern must be a string'],
  ['[AWS] anything-but prefix with equals-ignore-case', { detail: { FileName: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'file' } } }] } }, 'Value of anything-but must be an array or single string/number value.'],
  ['[AWS] anything-but suffix with equals-ignore-case', { detail: { FileName: [{ 'anything-but': { suffix: { 'equals-ignore-case': '.png' } } }] } }, 'Value of anything-but must be an array or single string/number value.'],
  ['[AWS] anything-but equals-ignore-case with a number', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 123 } }] } }, 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
  ['[AWS] anything-but equals-ignore-case list of numbers', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': [123, 456] } }] } }, 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
  ['[AWS] anything-but wildcard must be a string', { detail: { FilePath: [{ 'anything-but': { wildcard: 123 } }] } }, 'wildcard match pattern must be a string'],
  ['[AWS] anything-but wildcard list with a number', { detail: { state: [{ 'anything-but': { wildcard: [123, '*/dir/*'] } }] } }, 'wildcard match pattern must be a string'],
  ['[ER] anything-but wildcard with consecutive wildcards', { s: [{ 'anything-but': { wildcard: 'a**' } }] }, 'Consecutive wildcard characters at pos 2'],
  ['[ER] two nested anything-but operators', { s: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] }, 'Too many elements in numeric expression'],
  ['[ER] anything-but with a second key', { s: [{ 'anything-but': 'a', prefix: 'b' }] }, 'Too many elements in numeric expression'],
];

const or: Invalid[] = [
  ['[ER] $or must be an array', { $or: { a: ['x'] } }, 'It must be an Array followed with $or.'],
  ['[ER] $or needs at least two objects', { $or: [{ a: ['x'] }] }, 'There must have at least 2 Objects in $or relationship.'],
  ['[ER] an empty $or', { $or: [] }, 'There must have at least 2 Objects in $or relationship.'],
  ['[ER] $or elements must be objects', { $or: [{ a: ['x'] }, 'b'] }, 'Only JSON object is allowed in array of $or relationship.'],
  ['[ER] an empty $or branch', { $or: [{ a: ['x'] }, {}] }, 'Empty objects are not allowed'],
  ['[ER] an operator name used as a field inside $or', { $or: [{ numeric: [1] }, { a: ['x'] }] }, 'numeric is Ruler reserved fieldName which cannot be used inside $or.'],
  ['[ER] reserved names are refused deeper inside $or too', { $or: [{ a: { prefix: ['x'] } }, { b: ['y'] }] }, 'prefix is Ruler reserved fieldName which cannot be used inside $or.'],
  ['[ER] an invalid value inside an $or branch', { $or: [{ a: ['x'] }, { b: [{ exists: 1 }] }] }, 'exists match pattern must be either true or false.'],
];

const allInvalid: Invalid[] = [...structure, ...stringOperators, ...wildcards, ...numeric, ...existsAndCidr, ...anythingBut, ...or];

describe('malformed event patterns are refused', () => {
  it.each(allInvalid)('%s', (_description, pattern, reason) => {
    let thrown: unknown;
    try {
      validateEventPattern(pattern);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidEventPatternError);
    expect((thrown as InvalidEventPatternError).reason).toBe(reason);
    // A pattern given as JSON text may carry Jackson's source location on a second line, as on AWS.
    expect((thrown as InvalidEventPatternError).message.split('\n')[0]).toBe(INVALID_PATTERN_PREFIX + reason);
  });

  it.each(allInvalid)('compile and match refuse it too: %s', (_description, pattern) => {
    expect(() => compileEventPattern(pattern)).toThrow(InvalidEventPatternError);
    expect(() => matchesEventPattern(pattern, {})).toThrow(InvalidEventPatternError);
  });
});

describe('InvalidEventPatternError', () => {
  it('carries the AWS error code, status and message', () => {
    let thrown: unknown;
    try {
      validateEventPattern({ int: 42 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({
      name: 'InvalidEventPatternException',
      code: 'InvalidEventPatternException',
      statusCode: 400,
      message: 'Event pattern is not valid. Reason: "int" must be an object or an array',
    });
  });

  it.each([
    ['not JSON at all', 'this is valid json but not a dict'],
    ['single quotes', "{'bad': 'quotation'}"],
    ['unterminated', '{"not": closed mark"'],
  ])('refuses a pattern string that is not JSON (%s)', (_description, text) => {
    expect(() => validateEventPattern(text)).toThrow(InvalidEventPatternError);
    expect(() => validateEventPattern(text)).toThrow(/^Event pattern is not valid\. Reason: /);
  });
});

/** Patterns EventBridge accepts that a stricter validator might wrongly refuse. */
const valid: [description: string, pattern: unknown][] = [
  ['[AWS] an empty prefix', { source: [{ prefix: '' }] }],
  ['[AWS] an empty suffix', { source: [{ suffix: '' }] }],
  ['[AWS] an empty wildcard', { s: [{ wildcard: '' }] }],
  ['[AWS] an empty anything-but wildcard', { s: [{ 'anything-but': { wildcard: '' } }] }],
  ['[AWS] an empty equals-ignore-case', { s: [{ 'equals-ignore-case': '' }] }],
  ['[AWS] wildcard with repeating sequences that stays under the limit', { s: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] }],
  ['[OPS › Wildcard matching] escaped stars are not consecutive wildcards', { s: [{ wildcard: '\\*\\*' }] }],
  ['[OPS › Wildcard matching] an escaped backslash before a star', { s: [{ wildcard: 'a\\\\*' }] }],
  ['[ER] the largest IPv4 mask', { ip: [{ cidr: '10.0.0.0/31' }] }],
  ['[ER] IPv6 CIDR', { ip: [{ cidr: '2001:db8::/32' }] }],
  ['[ER] numbers beyond ±5e9', { n: [{ numeric: ['>', -1e12, '<', 1e12] }] }],
  ['[OPS › Numeric matching] all five operators', { a: [{ numeric: ['=', 1] }, { numeric: ['<', 1] }, { numeric: ['<=', 1] }, { numeric: ['>', 1] }, { numeric: ['>=', 1] }] }],
  ['[ER] operator names are plain field names outside $or', { prefix: ['x'], numeric: { exists: [true] } }],
  ['[ER] a dotted pattern key', { 'detail.state': ['x'] }],
  ['[ER] exactly', { s: [{ exactly: 'x' }] }],
  ['[ER] anything-but numbers list', { n: [{ 'anything-but': [1, 2.5, -3] }] }],
  ['[AWS] a JSON string with duplicate keys', '{"a": ["x"], "a": ["y"]}'],
  ['[OPS › $or] $or at the top level', { $or: [{ a: ['x'] }, { b: ['y'] }] }],
  ['[ER] an $or nested inside an $or branch', { $or: [{ a: ['x'] }, { $or: [{ b: ['y'] }, { c: ['z'] }] }] }],
];

describe('valid event patterns are accepted', () => {
  it.each(valid)('%s', (_description, pattern) => {
    expect(() => validateEventPattern(pattern)).not.toThrow();
    expect(typeof compileEventPattern(pattern)).toBe('function');
  });
});
