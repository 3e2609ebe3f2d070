/**
 * `npm run new:handler`'s checks and names, before anything is written. The generator itself runs into a copy of the
 * repository in test/e2e/new-handler.test.ts.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkMarkers, plannedChanges } from '../../../scripts/lib/new-handler/generator';
import { HandlerRequest, NewHandlerError, parseHandlerArgs, RepoFacts, validateHandlerRequest } from '../../../scripts/lib/new-handler/spec';

const facts: RepoFacts = {
  functionNames: ['capture', 'cart-reminder'],
  flowNames: ['game', 'cart'],
  eventNames: ['cartItemAdded'],
  detailTypes: ['cart.item_added'],
  modelNames: ['CartItemRequest'],
  routePaths: ['captures'],
  ruleKeys: ['cart_activity', 'debug_all'],
  targetNames: ['cart-reminders'],
  exists: (p) => p === 'handlers/src/shared',
};
const request = (patch: Partial<HandlerRequest> = {}): HandlerRequest => ({
  name: 'loyalty-points',
  event: 'loyalty.points_earned',
  source: 'loyalty.api',
  fields: ['player:string', 'points:number'],
  dryRun: false,
  ...patch,
});
const problems = (patch: Partial<HandlerRequest>): readonly string[] => {
  try {
    validateHandlerRequest(request(patch), facts);
  } catch (error) {
    if (error instanceof NewHandlerError) return error.problems;
    throw error;
  }
  throw new Error('no problem reported');
};

describe('new:handler command line', () => {
  it('reads the name, the event, the source, repeated fields, the route and --dry-run (also --flag=value)', () => {
    expect(parseHandlerArgs(['loyalty-points', '--event', 'loyalty.points_earned', '--source=loyalty.api', '--field', 'player:string', '--field', 'points:number', '--route', '/loyalty/points', '--dry-run'])).toEqual({
      name: 'loyalty-points',
      event: 'loyalty.points_earned',
      source: 'loyalty.api',
      route: '/loyalty/points',
      fields: ['player:string', 'points:number'],
      dryRun: true,
    });
  });

  it.each([
    [['x', '--colour', 'red'], /unknown option --colour/],
    [['x', '--event'], /--event needs a value/],
    [['x', '--event', '--source', 'a'], /--event needs a value/],
    [['a', 'b'], /one name only/],
  ])('refuses %j as a usage error', (argv, message) => {
    expect(() => parseHandlerArgs(argv)).toThrow(message);
    try {
      parseHandlerArgs(argv);
    } catch (error) {
      expect((error as NewHandlerError).usage).toBe(true);
    }
  });

  it('names what is missing', () => {
    expect(() => validateHandlerRequest({ fields: [], dryRun: false, name: 'x-y' }, facts)).toThrow(/missing --event, --source/);
  });
});

describe('new:handler checks', () => {
  it.each([
    ['Loyalty', /name "Loyalty": use lowercase letters and digits in dash-separated words/],
    ['loyalty--points', /dash-separated words/],
    ['lp', /3 to 27 characters/],
    ['a'.repeat(28), /3 to 27 characters \(<prefix>-<name>-role must fit IAM's 64/],
    ['capture', /a function of that name exists/],
    ['cart', /a flow of that name exists/],
    ['shared', /handlers\/src\/shared already exists/],
    ['cart-activity', /the bus already has a rule cart_activity/],
    ['cart-reminders', /the bus already has a target named cart-reminders/],
  ])('refuses the name %j', (name, message) => {
    expect(problems({ name }).join('\n')).toMatch(message);
  });

  it.each([
    ['', /missing --event/],
    ['loyalty points!', /start with a letter; use letters, digits/],
    ['1points', /start with a letter/],
    ['points  earned', /single spaces between words/],
    ['x'.repeat(129), /at most 128 characters \(EventBridge's limit/],
    ['cart.item_added', /the catalog already has this detail-type/],
    ['Cart Item Added', /its catalog name cartItemAdded is taken by another detail-type/],
  ])('refuses the detail-type %j', (event, message) => {
    expect(problems({ event }).join('\n')).toMatch(message);
  });

  it.each([
    ['aws.loyalty', /the "aws\." prefix is reserved/],
    ['loyalty api', /letters, digits, "\.", "_", "-", "\/" only/],
  ])('refuses the source %j', (source, message) => {
    expect(problems({ source }).join('\n')).toMatch(message);
  });

  it.each([
    [['points'], /write <name>:<type> with type string, number, boolean, string\[\]/],
    [['points:int'], /write <name>:<type>/],
    [['Points:number'], /field names start with a lowercase letter/],
    [['points:number', 'points:string'], /points is given twice/],
  ])('refuses the fields %j', (fields, message) => {
    expect(problems({ fields }).join('\n')).toMatch(message);
  });

  it.each([
    [{ route: '/loyalty/{player}' }, /path parameters are not generated/],
    [{ route: '/Loyalty' }, /a path of lowercase letters/],
    [{ route: 'captures' }, /another flow already has POST \/captures/],
    [{ route: '/loyalty', fields: ['points:number'] }, /add --field player:string/],
    [{ name: 'cart-item', route: '/cart-item' }, /the API model CartItemRequest exists/],
  ])('refuses the route of %j', (patch, message) => {
    expect(problems(patch).join('\n')).toMatch(message);
  });

  it('reports every problem at once', () => {
    expect(problems({ name: 'X', event: '!', source: 'aws.x' })).toHaveLength(3);
  });
});

describe('new:handler names and files', () => {
  it('derives every name from the request; a field named player follows the player-name rule', () => {
    const spec = validateHandlerRequest(request({ route: '/loyalty/points', fields: ['player:string', 'points:number', 'ip-address:string', 'tags:string[]', 'vip:boolean'] }), facts);
    expect(spec).toMatchObject({
      name: 'loyalty-points',
      camel: 'loyaltyPoints',
      pascal: 'LoyaltyPoints',
      snake: 'loyalty_points',
      event: { detailType: 'loyalty.points_earned', source: 'loyalty.api', name: 'loyaltyPointsEarned', pascal: 'LoyaltyPointsEarned', file: 'loyalty-points-earned' },
      usesPlayerName: true,
      route: { path: 'loyalty/points', body: 'loyaltyPoints', modelName: 'LoyaltyPointsRequest' },
    });
    expect(spec.fields.map((f) => [f.key, f.schema, f.sample])).toEqual([
      ['player', 'playerName', '"ash"'],
      ['points', 'z.number()', '1'],
      ["'ip-address'", 'z.string().check(z.minLength(1), z.maxLength(256))', '"sample-ip-address"'],
      ['tags', 'z.array(z.string().check(z.minLength(1), z.maxLength(256))).check(z.maxLength(100))', '["sample-tags"]'],
      ['vip', 'z.boolean()', 'true'],
    ]);
    expect(spec.route?.bodyFields.map((f) => f.name)).toEqual(['points', 'ip-address', 'tags', 'vip']);
    expect(validateHandlerRequest(request({ event: 'Customer Notification', source: 'com.example.monolith' }), facts).event).toMatchObject({
      name: 'customerNotification',
      file: 'customer-notification',
    });
  });

  it('plans the contract, the function, the flow and the tests, and the registries they join; the route adds its body', () => {
    const spec = validateHandlerRequest(request(), facts);
    expect(plannedChanges(spec).map((c) => `${c.kind} ${c.path}`)).toEqual([
      'create handlers/src/events/contracts/loyalty-points-earned.ts',
      'modify handlers/src/events/catalog.ts',
      'modify handlers/src/events/catalog.ts',
      'create handlers/src/loyalty-points/config.ts',
      'create handlers/src/loyalty-points/domain.ts',
      'create handlers/src/loyalty-points/handler.ts',
      'create handlers/src/loyalty-points/index.ts',
      'modify handlers/functions.ts',
      'modify handlers/functions.ts',
      'create modules/flows/loyalty-points.ts',
      'modify modules/flows/index.ts',
      'modify modules/flows/index.ts',
      'create test/fixtures/events/loyalty-points-earned.json',
      'create test/unit/handlers/loyalty-points.test.ts',
    ]);
    const routed = plannedChanges(validateHandlerRequest(request({ route: 'loyalty/points' }), facts));
    expect(routed.filter((c) => c.path === 'handlers/src/events/api-bodies.ts').map((c) => c.kind)).toEqual(['modify', 'modify']);
  });

  it('finds the markers of the registries in this repository, and refuses to start when one is gone', () => {
    const changes = plannedChanges(validateHandlerRequest(request({ route: 'loyalty/points' }), facts));
    expect(() => checkMarkers(path.resolve(__dirname, '..', '..', '..'), changes)).not.toThrow();
    const copy = mkdtempSync(path.join(os.tmpdir(), 'new-handler-markers-'));
    try {
      for (const change of changes.filter((c) => c.kind === 'modify')) {
        mkdirSync(path.dirname(path.join(copy, change.path)), { recursive: true });
        writeFileSync(path.join(copy, change.path), change.path === 'modules/flows/index.ts' ? '// new:handler imports\n' : '// new:handler contract imports\n  // new:handler contracts\n// new:handler function names\n// new:handler function environments\n// new:handler api body imports\n// new:handler api bodies\n');
      }
      expect(() => checkMarkers(copy, changes)).toThrow(/modules\/flows\/index\.ts: expected one line "\/\/ new:handler flows" \(found 0\)/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
