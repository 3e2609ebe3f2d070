import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';
import { allowedAccess, arnMatches } from '../../../../local/architecture/iam';

const DIR = path.resolve(__dirname, '..', '..', '..', '..', 'local', 'architecture');
/** The Node.js side: reads the stack with the runtime's reader. Everything else must run in a browser too. */
const NODE_SIDE = new Set(['stack-diagram.ts', 'stack-source.ts']);
const browserFiles = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !NODE_SIDE.has(f));

describe('the graph model, layout and renderer run in a browser (a console reuses them)', () => {
  const importsOf = (file: string): Array<{ typeOnly: boolean; from: string }> =>
    [...readFileSync(path.join(DIR, file), 'utf8').matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gm)].map((m) => ({ typeOnly: Boolean(m[1]), from: m[2] }));

  it('sees the imports it checks', () => {
    expect(importsOf('layout.ts')).toContainEqual({ typeOnly: false, from: 'elkjs/lib/elk.bundled.js' });
  });

  it.each(browserFiles)('%s imports only browser-safe code', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    const imports = importsOf(file);
    for (const { typeOnly, from } of imports) {
      const bare = from.replace(/^node:/, '');
      expect(from.startsWith('node:') || builtinModules.includes(bare)).toBe(false);
      if (typeOnly) continue;
      const inFolder = from.startsWith('./') && !NODE_SIDE.has(`${from.slice(2)}.ts`);
      expect(inFolder || from === 'elkjs/lib/elk.bundled.js').toBe(true);
    }
    expect(source).not.toMatch(/\b(process|Buffer|require|__dirname)\b[.(]/);
  });
});

describe('reading IAM policies for the picture', () => {
  it('keeps the allowed actions on named resources', () => {
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: 'arn:aws:dynamodb:eu-west-1:1:table/a' },
        { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: 'arn:aws:dynamodb:eu-west-1:1:table/a' },
        { Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' },
      ],
    });
    expect(allowedAccess(policy)).toEqual([
      { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:eu-west-1:1:table/a' },
      { action: 'dynamodb:PutItem', resource: 'arn:aws:dynamodb:eu-west-1:1:table/a' },
    ]);
    expect(allowedAccess('not json')).toEqual([]);
  });

  it.each([
    ['arn:aws:scheduler:eu-west-1:1:schedule/group/*', 'arn:aws:scheduler:eu-west-1:1:schedule/group/cart.42', true],
    ['arn:aws:scheduler:eu-west-1:1:schedule/group/*', 'arn:aws:scheduler:eu-west-1:1:schedule/other/cart.42', false],
    ['arn:aws:sqs:eu-west-1:1:queue-?', 'arn:aws:sqs:eu-west-1:1:queue-a', true],
    ['arn:aws:sqs:eu-west-1:1:queue.a', 'arn:aws:sqs:eu-west-1:1:queueXa', false],
  ])('%s matches %s: %s', (pattern, arn, expected) => {
    expect(arnMatches(pattern, arn)).toBe(expected);
  });
});
