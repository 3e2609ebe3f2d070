/**
 * Matching semantics of the EventBridge event-pattern language.
 *
 * Each case cites where the expected result comes from:
 *  - [EP]   AWS EventBridge user guide, "Event patterns" / "Event pattern syntax"
 *  - [ARR]  user guide, "Arrays in EventBridge event patterns"
 *  - [NULL] user guide, "Matching null values and empty strings"
 *  - [OPS › x] user guide, "Comparison operators for use in event patterns", section x
 *  - [AWS]  behaviour recorded against AWS TestEventPattern (LocalStack's AWS-validated snapshots)
 *  - [ER]   event-ruler (github.com/aws/event-ruler), the matcher EventBridge runs: README / source
 */
import {
  compileEventPattern,
  matchesEventPattern,
  referenceMatchEventPattern,
} from '../../../../local/eventbridge/pattern';

type Case = [description: string, pattern: object, event: object, expected: boolean];

/** The EC2 sample event of [EP]. */
const ec2 = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** The sample event of [NULL]. */
const nullSample = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

const d = (detail: object): object => ({ source: 'test', 'detail-type': 'test', detail });

const structure: Case[] = [
  ['[EP] source, detail-type and detail.state all match', { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } }, ec2, true],
  ['[EP] one field of the AND differs', { source: ['aws.ec2'], detail: { state: ['running'] } }, ec2, false],
  ['[EP] values in a pattern array are OR-ed', { source: ['aws.ec2', 'aws.fargate'] }, ec2, true],
  ['[EP] none of the OR-ed values matches', { source: ['aws.s3', 'aws.fargate'] }, ec2, false],
  ['[EP] fields absent from the pattern are ignored', { source: ['aws.ec2'] }, ec2, true],
  ['[EP] a field named in the pattern must exist in the event', { detail: { 'instance-type': ['t2.micro'] } }, ec2, false],
  ['[EP] field names are case-sensitive', { Source: ['aws.ec2'] }, ec2, false],
  ['[EP] string values are case-sensitive', { source: ['AWS.EC2'] }, ec2, false],
  ['[EP] exact match has no trimming or normalisation', { detail: { state: ['terminated '] } }, ec2, false],
  ['[AWS] exact match of a string with an emoji and trailing whitespace', { s: ['A CamelCase string 🚀 '] }, { s: 'A CamelCase string 🚀 ' }, true],
  ['[EP] same nesting required: pattern descends into detail', { detail: { state: { name: ['terminated'] } } }, ec2, false],
  ['[EP] a leaf pattern does not match an object value', { detail: ['terminated'] }, ec2, false],
  ['[AWS] a JSON document inside a string is not parsed', { detail: { 'my-key': ['my-value'] } }, { detail: '{"my-key": "my-value"}' }, false],
  ['[EP] nested fields several levels deep', { detail: { a: { b: { c: ['x'] } } } }, d({ a: { b: { c: 'x' } } }), true],
  ['[EP] nested fields several levels deep, wrong value', { detail: { a: { b: { c: ['x'] } } } }, d({ a: { b: { c: 'y' } } }), false],
  ['[EP] pattern keys that look like Object.prototype members are plain fields', { constructor: ['x'] }, {}, false],
  ['[EP] ... and match when the event has them', { constructor: ['x'], toString: ['y'] }, { constructor: 'x', toString: 'y' }, true],
];

const numbersAndLiterals: Case[] = [
  ['[OPS › Numeric matching] a number matches the same number', { detail: { n: [300] } }, d({ n: 300 }), true],
  ['[AWS] 300 matches 300.0 (compared by value)', { detail: { n: [300] } }, d({ n: 300.0 }), true],
  ['[ER] 3.0e2 in the pattern matches 300', { detail: { n: [3.0e2] } }, d({ n: 300 }), true],
  ['[EP] a number does not match the string "300"', { detail: { n: [300] } }, d({ n: '300' }), false],
  ['[EP] a string "300" does not match the number 300', { detail: { n: ['300'] } }, d({ n: 300 }), false],
  ['[EP] negative and fractional numbers', { detail: { n: [-2.5] } }, d({ n: -2.5 }), true],
  ['[EP] a different number', { detail: { n: [1] } }, d({ n: 2 }), false],
  ['[AWS] boolean false matches false', { boolean: [false] }, { boolean: false }, true],
  ['[AWS] boolean false does not match true', { boolean: [false] }, { boolean: true }, false],
  ['[EP] boolean true does not match the string "true"', { b: [true] }, { b: 'true' }, false],
  ['[EP] the string "true" does not match boolean true', { b: ['true'] }, { b: true }, false],
];

const nullsAndEmpty: Case[] = [
  ['[NULL] empty string matches an empty-string field', { detail: { eventVersion: [''] } }, nullSample, true],
  ['[NULL] null matches a null field', { detail: { responseElements: [null] } }, nullSample, true],
  ['[NULL] null and empty string are not interchangeable (null vs "")', { detail: { eventVersion: [null] } }, nullSample, false],
  ['[NULL] null and empty string are not interchangeable ("" vs null)', { detail: { responseElements: [''] } }, nullSample, false],
  ['[AWS] null does not match the string "null"', { detail: { responseElements: [null] } }, d({ responseElements: 'null' }), false],
  ['[EP] null does not match a missing field', { detail: { missing: [null] } }, nullSample, false],
  ['[OPS › Empty] LastName is empty', { LastName: [''] }, { LastName: '' }, true],
  ['[OPS › Empty] a non-empty LastName', { LastName: [''] }, { LastName: 'Doe' }, false],
];

const arrays: Case[] = [
  [
    '[ARR] pattern array and event array intersect',
    { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'] },
    { resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x', 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    true,
  ],
  [
    '[ARR] pattern array and event array do not intersect',
    { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    { resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x'] },
    false,
  ],
  ['[ARR] an array of numbers containing the value', { detail: { n: [2] } }, d({ n: [1, 2, 3] }), true],
  ['[AWS] an empty event array matches no value, not even null', { resources: [null] }, { resources: [] }, false],
  ['[ARR] null inside an event array', { a: [null] }, { a: ['x', null] }, true],
  ['[ER] nested arrays are flattened', { a: ['deep'] }, { a: [['x'], [['deep']]] }, true],
  [
    '[ER JSON Array Matching] a nested pattern matches an element of an array of objects',
    { employees: { firstName: ['Anna'] } },
    { employees: [{ firstName: 'John', lastName: 'Doe' }, { firstName: 'Anna', lastName: 'Smith' }] },
    true,
  ],
  [
    '[ER JSON Array Matching] fields must come from the same array element',
    { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    { employees: [{ firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Peter', lastName: 'Jones' }] },
    false,
  ],
  [
    '[ER JSON Array Matching] fields from the same array element',
    { employees: { firstName: ['Peter'], lastName: ['Jones'] } },
    { employees: [{ firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Peter', lastName: 'Jones' }] },
    true,
  ],
  [
    '[ER JSON Array Matching] multi-level arrays of objects',
    { employees: { firstName: ['Peter'] } },
    { employees: [[{ firstName: 'John' }, { firstName: 'Anna' }], [{ firstName: 'Peter' }]] },
    true,
  ],
  [
    '[AWS] exists inside an array of objects matches when one element has the field',
    { detail: { automations: { id: [{ exists: true }] } } },
    d({ automations: [{ key1: 'value1' }, { id: 'match-does-exist' }, { key2: 'value2' }] }),
    true,
  ],
  ['[ARR] a leaf pattern ignores objects inside the event array', { a: ['x'] }, { a: [{ b: 'x' }, 'x'] }, true],
  ['[ARR] an array holding only objects has no leaf value', { a: ['x'] }, { a: [{ b: 'x' }] }, false],
];

const prefix: Case[] = [
  ['[OPS › Prefix matching] time starts with 2017-10-02', { time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' }, true],
  ['[OPS › Prefix matching] time with another date', { time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-03T18:43:48Z' }, false],
  ['[OPS › Prefix matching] region is in Europe (eu-)', { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] }, { source: 'aws.autoscaling', region: 'eu-west-1' }, true],
  ['[OPS › Prefix matching] prefix matching is case-sensitive', { region: [{ prefix: 'EU-' }] }, { region: 'eu-west-1' }, false],
  ['[OPS › Prefix matching] prefix only works on strings', { n: [{ prefix: '1' }] }, { n: 123 }, false],
  ['[AWS] an empty prefix matches every string', { source: [{ prefix: '' }] }, { source: 'anything' }, true],
  ['[ER] an empty prefix does not match a number', { n: [{ prefix: '' }] }, { n: 1 }, false],
  ['[ARR] prefix against an array: one element suffices', { tags: [{ prefix: 'team:' }] }, { tags: ['x', 'team:red'] }, true],
  ['[OPS › Prefix matching] a prefix longer than the value', { s: [{ prefix: 'abcd' }] }, { s: 'abc' }, false],
];

const prefixIgnoreCase: Case[] = [
  ['[OPS › Prefix matching while ignoring case] EventB matches EvEnTbridge', { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, d({ service: 'EvEnTbridge' }), true],
  ['[OPS › Prefix matching while ignoring case] EventB matches EVENTB', { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, d({ service: 'EVENTB' }), true],
  ['[OPS › Prefix matching while ignoring case] not at the start', { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, d({ service: 'xEventBridge' }), false],
  ['[OPS › Prefix matching while ignoring case] only strings', { detail: { service: [{ prefix: { 'equals-ignore-case': '1' } }] } }, d({ service: 12 }), false],
];

const suffix: Case[] = [
  ['[OPS › Suffix matching] FileName ends with .png', { FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' }, true],
  ['[AWS] suffix matching is case-sensitive', { FileName: [{ suffix: '.PNG' }] }, { FileName: 'image.png' }, false],
  ['[OPS › Suffix matching] .png in the middle only', { FileName: [{ suffix: '.png' }] }, { FileName: 'image.png.bak' }, false],
  ['[AWS] an empty suffix matches every string', { source: [{ suffix: '' }] }, { source: 'x' }, true],
  ['[OPS › Suffix matching] suffix only works on strings', { n: [{ suffix: '3' }] }, { n: 123 }, false],
];

const suffixIgnoreCase: Case[] = [
  ['[OPS › Suffix matching while ignoring case] .png matches image.PNG', { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, d({ FileName: 'image.PNG' }), true],
  ['[OPS › Suffix matching while ignoring case] .png does not match image.jpg', { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, d({ FileName: 'image.jpg' }), false],
  ['[OPS › Suffix matching while ignoring case] mixed case in the pattern', { f: [{ suffix: { 'equals-ignore-case': '.PnG' } }] }, { f: 'a.pNg' }, true],
];

const equalsIgnoreCase: Case[] = [
  [
    '[OPS › Equals-ignore-case matching] detail-type in lower case',
    { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    ec2,
    true,
  ],
  ['[AWS] equals-ignore-case against an array event value', { 'detail-type': [{ 'equals-ignore-case': 'ec2' }] }, { 'detail-type': ['x', 'EC2'] }, true],
  ['[OPS › Equals-ignore-case matching] a different name', { Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alicia' }, false],
  ['[AWS] empty equals-ignore-case matches only the empty string', { v: [{ 'equals-ignore-case': '' }] }, { v: '' }, true],
  ['[AWS] empty equals-ignore-case does not match text', { v: [{ 'equals-ignore-case': '' }] }, { v: 'test-value' }, false],
  ['[OPS › Equals-ignore-case matching] only strings', { v: [{ 'equals-ignore-case': '5' }] }, { v: 5 }, false],
  ['[ER] non-ASCII letters: σ matches Σ', { v: [{ 'equals-ignore-case': 'σ' }] }, { v: 'Σ' }, true],
  ['[ER] per-character case mapping: the Kelvin sign is not "k"', { v: [{ 'equals-ignore-case': 'k' }] }, { v: '\u212A' }, false],
];

const anythingBut: Case[] = [
  ['[OPS › Anything-but matching] state is not initializing', { detail: { state: [{ 'anything-but': 'initializing' }] } }, d({ state: 'pending' }), true],
  ['[OPS › Anything-but matching] state is initializing', { detail: { state: [{ 'anything-but': 'initializing' }] } }, d({ state: 'initializing' }), false],
  ['[OPS › Anything-but matching] number not 123', { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, d({ 'x-limit': 789 }), true],
  ['[OPS › Anything-but matching] number 123', { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, d({ 'x-limit': 123 }), false],
  ['[AWS] anything-but 0', { detail: { 'x-limit': [{ 'anything-but': 0 }] } }, d({ 'x-limit': 789 }), true],
  ['[OPS › Anything-but matching] list of strings, not in the list', { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, d({ state: 'pending' }), true],
  ['[OPS › Anything-but matching] list of strings, in the list', { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, d({ state: 'stopped' }), false],
  ['[OPS › Anything-but matching] list of numbers, not in the list', { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, d({ 'x-limit': 999 }), true],
  ['[OPS › Anything-but matching] list of numbers, in the list', { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, d({ 'x-limit': 100 }), false],
  ['[ER] numbers are compared by value (100.0 is 100)', { n: [{ 'anything-but': [100] }] }, { n: 100.0 }, false],
  ['[AWS] anything-but does not match a missing field', { detail: { state: [{ 'anything-but': 'initializing' }] } }, d({}), false],
  ['[AWS] anything-but matches null', { detail: { state: [{ 'anything-but': 'initializing' }] } }, d({ state: null }), true],
  ['[AWS] anything-but list matches null', { detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } }, d({ state: null }), true],
  ['[ER] anything-but a string matches a number', { v: [{ 'anything-but': 'x' }] }, { v: 5 }, true],
  ['[ER] anything-but a number matches the same digits as a string', { v: [{ 'anything-but': 123 }] }, { v: '123' }, true],
  ['[ARR] anything-but against an array: one value outside the list suffices', { price: [{ 'anything-but': [100, 500] }] }, { price: [100, 50] }, true],
  ['[ARR] anything-but against an array: every value excluded', { price: [{ 'anything-but': [100, 500] }] }, { price: [100, 500] }, false],
  ['[ARR] anything-but against an empty array', { price: [{ 'anything-but': [100] }] }, { price: [] }, false],
  ['[OPS › Anything-but matching] anything-but does not match an object (not a leaf)', { detail: [{ 'anything-but': 'x' }] }, d({ a: 1 }), false],
  ['[OPS › Anything-but matching] not CloudTrail API calls', { 'detail-type': [{ 'anything-but': 'AWS API Call via CloudTrail' }] }, ec2, true],
];

const anythingButPrefixSuffix: Case[] = [
  ['[OPS › Anything-but (begins with)] post-init does not start with init', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, d({ state: 'post-init' }), true],
  ['[OPS › Anything-but (begins with)] init-prefix starts with init', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, d({ state: 'init-prefix' }), false],
  ['[OPS › Anything-but (begins with)] my own events: source is not aws.*', { source: [{ 'anything-but': { prefix: 'aws.' } }] }, { source: 'fakemon.game' }, true],
  ['[OPS › Anything-but (begins with)] an AWS event', { source: [{ 'anything-but': { prefix: 'aws.' } }] }, ec2, false],
  ['[AWS] anything-but prefix list: none matches', { detail: { state: [{ 'anything-but': { prefix: ['init', 'test'] } }] } }, d({ state: 'post-init' }), true],
  ['[AWS] anything-but prefix list: one matches', { detail: { state: [{ 'anything-but': { prefix: ['init', 'post'] } }] } }, d({ state: 'post-init' }), false],
  ['[AWS] anything-but prefix matches a number', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, d({ state: 12 }), true],
  ['[AWS] anything-but prefix matches null', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, d({ state: null }), true],
  ['[AWS] anything-but prefix does not match a missing field', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, d({}), false],
  ['[OPS › Anything-but (ends with)] file.txt.bak does not end with .txt', { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, d({ FileName: 'file.txt.bak' }), true],
  ['[OPS › Anything-but (ends with)] file.txt ends with .txt', { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, d({ FileName: 'file.txt' }), false],
  ['[AWS] anything-but suffix list: one matches', { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } }, d({ FileName: 'file.jpg' }), false],
  ['[AWS] anything-but suffix matches null', { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, d({ FileName: null }), true],
];

const anythingButIgnoreCase: Case[] = [
  ['[OPS › Anything-but (ignore case)] pending is not initializing', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } }, d({ state: 'pending' }), true],
  ['[OPS › Anything-but (ignore case)] INITIALIZING is initializing', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } }, d({ state: 'INITIALIZING' }), false],
  ['[AWS] anything-but ignore-case list: Stopped is excluded', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } }, d({ state: 'Stopped' }), false],
  ['[AWS] anything-but ignore-case list: pending passes', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } }, d({ state: 'pending' }), true],
  ['[AWS] anything-but ignore-case matches null', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } }, d({ state: null }), true],
  ['[AWS] anything-but ignore-case does not match a missing field', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing'] } }] } }, d({}), false],
];

const anythingButWildcard: Case[] = [
  ['[OPS › Anything-but using a wildcard] path without /lib/', { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/bin/tool' }, true],
  ['[OPS › Anything-but using a wildcard] path with /lib/', { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/lib/libc.so' }, false],
  ['[AWS] anything-but wildcard list: none matches', { detail: { state: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] } }, d({ state: 'dir/post/dir' }), true],
  ['[AWS] anything-but wildcard list: one matches', { detail: { state: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] } }, d({ state: 'dir/init/dir' }), false],
  ['[AWS] anything-but wildcard matches a number', { detail: { FilePath: [{ 'anything-but': { wildcard: '*/dir/*' } }] } }, d({ FilePath: 123 }), true],
  ['[AWS] anything-but wildcard matches null', { detail: { FilePath: [{ 'anything-but': { wildcard: '*/dir/*' } }] } }, d({ FilePath: null }), true],
  ['[AWS] anything-but empty wildcard matches a non-empty string', { detail: { FilePath: [{ 'anything-but': { wildcard: '' } }] } }, d({ FilePath: 'dir/init/file' }), true],
  ['[ER] anything-but empty wildcard excludes the empty string', { f: [{ 'anything-but': { wildcard: '' } }] }, { f: '' }, false],
  ['[AWS] anything-but wildcard does not match a missing field', { detail: { FilePath: [{ 'anything-but': { wildcard: '*/init/*' } }] } }, d({}), false],
];

const numeric: Case[] = [
  [
    '[OPS › Numeric matching] doc example: all three fields in range',
    { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    d({ 'c-count': 3, 'd-count': 9, 'x-limit': 301.8 }),
    true,
  ],
  [
    '[OPS › Numeric matching] doc example: c-count out of range',
    { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    d({ 'c-count': 42, 'd-count': 9, 'x-limit': 301.8 }),
    false,
  ],
  ['[OPS › Numeric matching] > 0 excludes 0', { n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 0 }, false],
  ['[OPS › Numeric matching] <= 5 includes 5', { n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 5 }, true],
  ['[OPS › Numeric matching] just above the upper bound', { n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 5.000001 }, false],
  ['[OPS › Numeric matching] a fraction inside the range', { n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 0.5 }, true],
  ['[OPS › Numeric matching] >= includes the bound', { n: [{ numeric: ['>=', 200, '<', 500] }] }, { n: 200 }, true],
  ['[OPS › Numeric matching] < excludes the bound', { n: [{ numeric: ['>=', 200, '<', 500] }] }, { n: 500 }, false],
  ['[OPS › Numeric matching] negative values', { n: [{ numeric: ['<', 0] }] }, { n: -0.5 }, true],
  ['[OPS › Numeric matching] = with a float', { n: [{ numeric: ['=', 301.8] }] }, { n: 301.8 }, true],
  ['[AWS] an integer pattern against a float event (101.0 > 100)', { number: [{ numeric: ['>', 100] }] }, { number: 101.0 }, true],
  ['[AWS] numeric never matches a string', { number: [{ numeric: ['>', 100] }] }, { number: '300' }, false],
  ['[AWS] numeric never matches null', { number: [{ numeric: ['>', 100] }] }, { number: null }, false],
  ['[OPS › Numeric matching] numeric does not match a missing field', { number: [{ numeric: ['>', 100] }] }, {}, false],
  ['[OPS › Numeric matching] numeric does not match a boolean', { number: [{ numeric: ['>', 0] }] }, { number: true }, false],
  ['[ARR] numeric against an array of numbers', { n: [{ numeric: ['<', 10] }] }, { n: [50, 5] }, true],
  ['[OPS › Or] two numeric ranges OR-ed: in the second', { n: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }] }, { n: 150 }, true],
  ['[OPS › Or] two numeric ranges OR-ed: in neither', { n: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }] }, { n: 50 }, false],
  ['[ER] numbers beyond ±5e9 are compared as doubles', { n: [{ numeric: ['>', 1e10] }] }, { n: 2e10 }, true],
];

const ip: Case[] = [
  ['[OPS › IP address matching] 10.0.0.255 is in 10.0.0.0/24', { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, d({ sourceIPAddress: '10.0.0.255' }), true],
  ['[OPS › IP address matching] 10.0.1.0 is not in 10.0.0.0/24', { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, d({ sourceIPAddress: '10.0.1.0' }), false],
  ['[AWS] 10.0.0.256 is not an IP address', { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, d({ sourceIPAddress: '10.0.0.256' }), false],
  ['[AWS] cidr does not match a number', { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, d({ sourceIPAddress: 123 }), false],
  ['[OPS › IP address matching] cidr does not match a non-IP string', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: 'localhost' }, false],
  [
    '[AWS] IPv6 address in an IPv6 range',
    { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    d({ sourceIPAddress: '2001:0db8:1234:1a00:0000:0000:0000:0000' }),
    true,
  ],
  [
    '[AWS] IPv6 address outside an IPv6 range',
    { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    d({ sourceIPAddress: '2001:0db8:123f:1a01:0000:0000:0000:0000' }),
    false,
  ],
  ['[OPS › IP address matching] IPv4 address against an IPv6 range', { ip: [{ cidr: '::/1' }] }, { ip: '10.0.0.1' }, false],
  ['[ER] host bits in the CIDR are masked off', { ip: [{ cidr: '10.0.0.77/24' }] }, { ip: '10.0.0.1' }, true],
  ['[ER] /0 matches every IPv4 address', { ip: [{ cidr: '0.0.0.0/0' }] }, { ip: '203.0.113.9' }, true],
  ['[ARR] cidr against an array of addresses', { ip: [{ cidr: '192.168.0.0/16' }] }, { ip: ['10.0.0.1', '192.168.3.4'] }, true],
  ['[ER] an exact IPv6 literal matches another spelling of the same address', { ip: ['2001:db8::1'] }, { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' }, true],
  ['[ER] an exact IPv4 literal does not match another address', { ip: ['10.0.0.1'] }, { ip: '10.0.0.2' }, false],
  ['[ER] an IPv4-mapped IPv6 address is the IPv4 address (Java InetAddress)', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::ffff:a00:1' }, true],
];

const exists: Case[] = [
  ['[OPS › Exists matching] exists:false, field absent (doc example)', { detail: { 'c-count': [{ exists: false }] } }, { detail: { state: ['initializing', 'running'] } }, true],
  ['[OPS › Exists matching] exists:false, c-count is not a leaf node (doc example)', { detail: { 'c-count': [{ exists: false }] } }, { detail: { state: 'x', 'c-count': { c1: 100 } } }, true],
  ['[OPS › Exists matching] exists:false, field present', { detail: { 'c-count': [{ exists: false }] } }, d({ 'c-count': 5 }), false],
  ['[OPS › Exists matching] exists:true, description present', { detail: { description: [{ exists: true }] } }, d({ description: 'text' }), true],
  ['[OPS › Exists matching] exists:true, description absent', { detail: { description: [{ exists: true }] } }, d({}), false],
  ['[AWS] exists:true on an intermediate node does not match', { dynamodb: { presentKey: [{ exists: true }] } }, { dynamodb: { presentKey: { S: 'test123' } } }, false],
  ['[AWS] exists:true on the leaf below it matches', { dynamodb: { presentKey: { S: [{ exists: true }] } } }, { dynamodb: { presentKey: { S: 'test123' } } }, true],
  ['[ER] exists:true matches a null value (null is a present leaf)', { v: [{ exists: true }] }, { v: null }, true],
  ['[ER] exists:false does not match a null value', { v: [{ exists: false }] }, { v: null }, false],
  ['[ER] exists:false does not match an empty string', { v: [{ exists: false }] }, { v: '' }, false],
  ['[AWS] exists:true does not match an empty array', { resources: [{ exists: true }] }, nullSample, false],
  ['[ER] exists:false matches an empty array', { resources: [{ exists: false }] }, nullSample, true],
  ['[ARR] exists:true matches an array of values', { v: [{ exists: true }] }, { v: [1, 2] }, true],
  ['[AWS] exists:false deep below a missing intermediate level', { detail: { level1: { level2: { level3: { level4: [{ exists: false }] } } } } }, d({ level1: { level2: 'l2 value' } }), true],
  ['[AWS] exists:false deep, the leaf is present', { detail: { level1: { level2: { level3: { level4: [{ exists: false }] } } } } }, d({ level1: { level2: { level3: { level4: 'l4 value' } } } }), false],
  [
    '[AWS] exists:false OR anything-but: S is absent',
    { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } },
    { dynamodb: { NewImage: { homemade: { N: '789' } } } },
    true,
  ],
  [
    '[AWS] exists:false OR anything-but: the parent is absent',
    { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } },
    { dynamodb: { NewImage: { purchased: { N: '789' } } } },
    true,
  ],
  [
    '[AWS] exists:false OR anything-but: S present and not excluded',
    { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } },
    { dynamodb: { NewImage: { homemade: { S: 'ABCD' } } } },
    true,
  ],
  [
    '[AWS] exists:false OR anything-but: S present and excluded',
    { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } },
    { dynamodb: { NewImage: { homemade: { S: 'roses' } } } },
    false,
  ],
  ['[ER] exists:false under an array: no element has the field', { items: { sku: [{ exists: false }] } }, { items: [{ qty: 1 }, { qty: 2 }] }, true],
  ['[ER] exists:false under an array: one element has the field', { items: { sku: [{ exists: false }] } }, { items: [{ qty: 1 }, { sku: 'x' }] }, false],
  [
    '[ER] exists:false next to a matched field of the same array element',
    { items: { qty: [2], sku: [{ exists: false }] } },
    { items: [{ qty: 1, sku: 'x' }, { qty: 2 }] },
    true,
  ],
  [
    '[ER] exists:false next to a matched field, same element has the field',
    { items: { qty: [1], sku: [{ exists: false }] } },
    { items: [{ qty: 1, sku: 'x' }, { qty: 2 }] },
    false,
  ],
  ['[EP] exists:false alone matches an event without the field', { missing: [{ exists: false }] }, {}, true],
];

const wildcard: Case[] = [
  ['[OPS › Wildcard matching] dir/*.png matches dir/file.png', { Filename: [{ wildcard: 'dir/*.png' }] }, { Filename: 'dir/file.png' }, true],
  ['[OPS › Wildcard matching] * also spans slashes', { Filename: [{ wildcard: 'dir/*.png' }] }, { Filename: 'dir/sub/file.png' }, true],
  ['[OPS › Wildcard matching] dir/*.png does not match a .jpg', { Filename: [{ wildcard: 'dir/*.png' }] }, { Filename: 'dir/file.jpg' }, false],
  [
    '[OPS › Wildcard matching] event bus ARN in any account',
    { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' },
    true,
  ],
  ['[OPS › Wildcard matching] * matches zero characters', { s: [{ wildcard: 'ab*c' }] }, { s: 'abc' }, true],
  ['[OPS › Wildcard matching] several wildcards: *Title*', { s: [{ wildcard: '*Title*' }] }, { s: 'The Title Page' }, true],
  ['[OPS › Wildcard matching] several wildcards, missing middle part', { s: [{ wildcard: '*Title*' }] }, { s: 'The title page' }, false],
  ['[OPS › Wildcard matching] a lone * matches the empty string', { s: [{ wildcard: '*' }] }, { s: '' }, true],
  ['[OPS › Wildcard matching] wildcard only works on strings', { s: [{ wildcard: '*' }] }, { s: 12 }, false],
  ['[OPS › Wildcard matching] wildcard does not match null', { s: [{ wildcard: '*' }] }, { s: null }, false],
  ['[AWS] an empty wildcard does not match text', { EventBusArn: [{ wildcard: '' }] }, { EventBusArn: 'arn:aws:events:us-east-1:1:event-bus/b' }, false],
  ['[OPS › Wildcard matching] a wildcard without * is an exact match', { s: [{ wildcard: 'abc' }] }, { s: 'abcd' }, false],
  ['[OPS › Wildcard matching] \\* is a literal asterisk', { s: [{ wildcard: 'a\\*b' }] }, { s: 'a*b' }, true],
  ['[OPS › Wildcard matching] \\* does not match other characters', { s: [{ wildcard: 'a\\*b' }] }, { s: 'axb' }, false],
  ['[OPS › Wildcard matching] \\\\ is a literal backslash', { s: [{ wildcard: 'a\\\\*' }] }, { s: 'a\\tail' }, true],
  ['[AWS] non-repeating wildcard over a long path', { FileName: [{ wildcard: '/Users/*/doc.txt' }] }, { FileName: '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt' }, true],
  ['[AWS] non-repeating wildcard, other file name', { FileName: [{ wildcard: '/Users/*/doc.txt' }] }, { FileName: '/Users/ls_user/dir/notmatchingdoc.txt' }, false],
  ['[AWS] repeating sequences after a wildcard', { FileName: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] }, { FileName: '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt' }, true],
  ['[AWS] repeating sequences after a wildcard, one differs', { FileName: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] }, { FileName: '/Users/ls_user/dir/dir/dir/dir/otherdir/doc.txt' }, false],
  ['[ARR] wildcard against an array', { s: [{ wildcard: 'team:*' }] }, { s: ['x', 'team:red'] }, true],
];

const or: Case[] = [
  [
    '[OPS › Complex example with $or] d-count < 10',
    { detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ numeric: ['=', 3.018e2] }] }] } },
    d({ 'c-count': 0, 'd-count': 0, 'x-limit': 901.8 }),
    true,
  ],
  [
    '[OPS › Complex example with $or] no branch matches',
    { detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ numeric: ['=', 3.018e2] }] }] } },
    d({ 'c-count': 0, 'd-count': 10, 'x-limit': 901.8 }),
    false,
  ],
  [
    '[OPS › Or] Location is New York, or Day is Monday: Monday',
    { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
    { Location: 'Boston', Day: 'Monday' },
    true,
  ],
  [
    '[OPS › Or] Location is New York, or Day is Monday: neither',
    { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
    { Location: 'Boston', Day: 'Friday' },
    false,
  ],
  [
    '[ER $or] source AND (metricName OR namespace): namespace matches',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }] },
    { source: 'aws.cloudwatch', namespace: 'AWS/EC2' },
    true,
  ],
  [
    '[ER $or] source AND (metricName OR namespace): source differs',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }] },
    { source: 'aws.ec2', namespace: 'AWS/EC2' },
    false,
  ],
  [
    '[ER $or] parallel $or at two levels: both satisfied',
    { $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }], detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] } },
    { namespace: 'AWS/EC2', detail: { 'detail-type': 'CloudWatch Alarm State Change' } },
    true,
  ],
  [
    '[ER $or] parallel $or at two levels: inner one fails',
    { $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }], detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] } },
    { namespace: 'AWS/EC2', detail: { 'detail-type': 'other' } },
    false,
  ],
  [
    '[ER $or] an $or branch with an AND inside',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { metricType: ['MetricType'], namespace: ['AWS/EC2'] }, { scope: ['Service'] }] },
    { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' },
    true,
  ],
  [
    '[ER $or] the AND inside a branch is partly satisfied',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { metricType: ['MetricType'], namespace: ['AWS/EC2'] }, { scope: ['Service'] }] },
    { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' },
    false,
  ],
  [
    '[ER $or] nested $or inside a branch',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] }] },
    { source: 'aws.cloudwatch', namespace: 'AWS/EC2', spaceId: 1000 },
    true,
  ],
  [
    '[ER $or] nested $or inside a branch, inner $or fails',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] }] },
    { source: 'aws.cloudwatch', namespace: 'AWS/EC2', spaceId: 1 },
    false,
  ],
  ['[ER $or] a branch satisfied by exists:false', { $or: [{ a: ['x'] }, { b: [{ exists: false }] }] }, { a: 'y' }, true],
  ['[ER $or] a field repeated in a branch replaces the outer one (later wins)', { a: [1], $or: [{ a: [2] }, { b: [3] }] }, { a: 2 }, true],
  [
    '[AWS] numeric OR anything-but on a DynamoDB string attribute',
    { dynamodb: { NewImage: { numericFilter: { N: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] } } } },
    { dynamodb: { NewImage: { numericFilter: { N: '42' } } } },
    true,
  ],
  [
    '[AWS] numeric OR anything-but: the excluded string',
    { dynamodb: { NewImage: { numericFilter: { N: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] } } } },
    { dynamodb: { NewImage: { numericFilter: { N: '101' } } } },
    false,
  ],
];

const combined: Case[] = [
  [
    '[OPS › Complex example with multiple matching] all conditions hold',
    { time: [{ prefix: '2017-10-02' }], detail: { state: [{ 'anything-but': 'initializing' }], 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    { time: '2017-10-02T16:24:49Z', detail: { state: 'running', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 } },
    true,
  ],
  [
    '[OPS › Complex example with multiple matching] x-limit is excluded',
    { time: [{ prefix: '2017-10-02' }], detail: { state: [{ 'anything-but': 'initializing' }], 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    { time: '2017-10-02T16:24:49Z', detail: { state: 'running', 'c-count': 5, 'd-count': 3, 'x-limit': 300 } },
    false,
  ],
  ['[OPS › Or] exact values and operators in one list', { admins: ['skyli', { prefix: 'hey' }, { prefix: 'ad' }] }, { admins: 'admin' }, true],
  ['[AWS] several operators in one list are OR-ed', { my_key: [{ exists: true }, { prefix: 'IGNORED' }, { suffix: 'IGNORED' }] }, { my_key: 'my-value' }, true],
  ['[AWS] DynamoDB stream keys with prefixes', { dynamodb: { Keys: { PK: { S: [{ prefix: 'COMPANY' }] }, SK: { S: [{ prefix: 'PRODUCT' }] } } } }, { dynamodb: { Keys: { PK: { S: 'COMPANY#1000' }, SK: { S: 'PRODUCT#CHOC#1000' } } } }, true],
  ['[AWS] a DynamoDB attribute value under a nested map', { dynamodb: { NewImage: { homemade: { N: ['1234'] } } } }, { dynamodb: { NewImage: { homemade: { S: 'ABCD', N: '1234' } } } }, true],
];

const dotJoining: Case[] = [
  ['[AWS][ER] a dotted event key matches nested pattern keys', { detail: { state: { status: ['running'] } } }, { detail: { 'state.status': 'running' } }, true],
  ['[AWS][ER] a dotted pattern key matches nested event keys', { detail: { 'state.status': ['running'] } }, { detail: { state: { status: 'running' } } }, true],
  ['[AWS] dotted pattern key with one level too many', { detail: { 'state.status': { status: ['running'] } } }, { detail: { state: { status: 'running' } } }, false],
  ['[AWS] dotted event key with one level too many', { detail: { state: { status: ['running'] } } }, { detail: { 'state.status': { status: 'running' } } }, false],
  ['[ER] dotted keys several levels deep', { a: { b: { c: ['x'] } } }, { 'a.b.c': 'x' }, true],
];

const allCases: Case[] = [
  ...structure,
  ...numbersAndLiterals,
  ...nullsAndEmpty,
  ...arrays,
  ...prefix,
  ...prefixIgnoreCase,
  ...suffix,
  ...suffixIgnoreCase,
  ...equalsIgnoreCase,
  ...anythingBut,
  ...anythingButPrefixSuffix,
  ...anythingButIgnoreCase,
  ...anythingButWildcard,
  ...numeric,
  ...ip,
  ...exists,
  ...wildcard,
  ...or,
  ...combined,
  ...dotJoining,
];

describe('EventBridge event pattern matching (compiled)', () => {
  it('has a large table of documented cases', () => {
    expect(allCases.length).toBeGreaterThanOrEqual(120);
  });

  it.each(allCases)('%s', (_description, pattern, event, expected) => {
    expect(compileEventPattern(pattern)(event)).toBe(expected);
  });
});

describe('compiled and uncompiled paths agree', () => {
  it.each(allCases)('%s', (_description, pattern, event, expected) => {
    expect(referenceMatchEventPattern(pattern, event)).toBe(expected);
    expect(matchesEventPattern(pattern, event)).toBe(expected);
    expect(matchesEventPattern(JSON.stringify(pattern), event)).toBe(expected);
  });
});

describe('matchesEventPattern with JSON-string patterns', () => {
  it('[AWS] duplicate keys: the later one wins (prefix us- then anything-but us-east)', () => {
    const pattern = '{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}';
    expect(matchesEventPattern(pattern, { detail: { location: 'eu-central-1' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { location: 'us-east' } })).toBe(false);
  });

  it('[ER] numbers written 3.0e2 and 300.0 in the JSON pattern match the event number 300', () => {
    expect(matchesEventPattern('{"n": [3.0e2]}', { n: 300 })).toBe(true);
    expect(matchesEventPattern('{"n": [{"numeric": ["=", 300.0]}]}', JSON.parse('{"n": 3e2}'))).toBe(true);
  });

  it('[OPS › Wildcard matching] JSON escapes: "\\\\*" is a literal star', () => {
    expect(matchesEventPattern('{"s": [{"wildcard": "1\\\\*2"}]}', { s: '1*2' })).toBe(true);
    expect(matchesEventPattern('{"s": [{"wildcard": "1\\\\*2"}]}', { s: '1x2' })).toBe(false);
  });

  it('a compiled matcher can be reused across many events', () => {
    const matcher = compileEventPattern({ source: ['aws.ec2'], detail: { state: [{ 'anything-but': 'pending' }] } });
    const results = ['terminated', 'pending', 'running'].map((state) => matcher({ source: 'aws.ec2', detail: { state } }));
    expect(results).toEqual([true, false, true]);
  });

  it('a non-object event only matches absence patterns', () => {
    expect(compileEventPattern({ a: [{ exists: false }] })([] as unknown as object)).toBe(true);
    expect(compileEventPattern({ a: ['x'] })([] as unknown as object)).toBe(false);
  });
});
