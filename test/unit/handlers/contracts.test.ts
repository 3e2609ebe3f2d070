/**
 * One definition per contract: the zod parser and the draft-04 JSON Schema derived from it must
 * accept and refuse exactly the same samples.
 */
import Ajv from 'ajv-draft-04';
import {
  ContractViolation,
  DRAFT_04,
  EVENT_NAMES,
  apiBodies,
  catalog,
  eventParsers,
  eventJsonSchemaDraft4,
  parseAnyEvent,
  parseApiBody,
  parseDetail,
  parseEvent,
  spawnInput,
  toJsonSchemaDraft4,
  toPutEventsEntry,
  validateDetail,
  type ApiBodyName,
  type EventName,
} from '../../../handlers/src/events';
import { kebabCase } from '../../../scripts/lib/new-handler/spec';
import { eventOf, fixture } from '../../support/events';

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  // ajv ships no formats; the schemas also carry a pattern, the format is informative.
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  for (const format of ['ipv4', 'ipv6', 'email']) ajv.addFormat(format, { type: 'string', validate: () => true });
  return ajv;
}

const long = (n: number): string => 'x'.repeat(n);

/** The architecture's events (handlers/src/events/details.ts), with hand-written samples below. */
type ArchitectureEvent = 'captureAttempt' | 'captureSucceeded' | 'captureFailed' | 'spawned' | 'fled' | 'cartItemAdded' | 'cartCheckedOut' | 'cartReminderDue';

/** A valid detail per architecture event and mutations that must be refused. */
const VALID: { [N in ArchitectureEvent]: Record<string, unknown> } = {
  captureAttempt: { attemptId: '910e8b4d-a55b-89cf', player: 'alice', fakemon: 'fire-squirrel-32xa' },
  captureSucceeded: { attemptId: '910e8b4d-a55b-89cf', player: 'alice', fakemon: 'fm-1', capturedAt: '2024-05-14T07:42:21.512Z' },
  captureFailed: { attemptId: 'a-1', player: 'bob', fakemon: 'fm-1', reason: 'already_captured' },
  spawned: { fakemon: 'fm-1', species: 'leaf-owl', expiresAt: '2024-05-14T07:55:00Z', lat: 48.8566, lng: 2.3522, cell: '881fb46625fffff' },
  fled: { fakemon: 'fm-1', cell: '881fb46625fffff' },
  cartItemAdded: { cartId: 'cart-42', user: 'alice', product: 'poke-ball', quantity: 3 },
  cartCheckedOut: { cartId: 'cart-42', user: 'alice' },
  cartReminderDue: { cartId: 'cart-42', user: 'alice', product: ['poke-ball', 'potion'] },
};

/**
 * A valid detail of any catalog event: the hand-written one, else the detail of the event's fixture, which
 * `npm run new:handler` writes with every contract (test/fixtures/events/<detail-type in kebab-case>.json).
 */
const validSample = (name: EventName): unknown =>
  name in VALID ? VALID[name as ArchitectureEvent] : fixture<{ detail: unknown }>(kebabCase(catalog[name].detailType)).detail;

/** Extra valid samples (edges) per event. */
const ALSO_VALID: [EventName, string, Record<string, unknown>][] = [
  ['captureAttempt', '64-character accented fakémon, 24-character player', { attemptId: 'k'.repeat(64), player: `z${'9'.repeat(22)}_`, fakemon: 'é'.repeat(64) }],
  ['captureAttempt', '3-character player with an underscore', { ...VALID.captureAttempt, player: 'a_1' }],
  ['captureSucceeded', 'offset timestamp', { ...VALID.captureSucceeded, capturedAt: '2024-05-14T09:42:21+02:00' }],
  ['captureSucceeded', 'with the cell it was captured in', { ...VALID.captureSucceeded, cell: '881fb46625fffff' }],
  ['spawned', 'the poles and the antimeridian', { ...VALID.spawned, lat: -90, lng: 180 }],
  ['captureFailed', 'reason dodged', { ...VALID.captureFailed, reason: 'dodged' }],
  ['captureFailed', 'reason fled', { ...VALID.captureFailed, reason: 'fled' }],
  ['cartItemAdded', 'quantity bounds 1', { ...VALID.cartItemAdded, quantity: 1 }],
  ['cartItemAdded', 'quantity bounds 99', { ...VALID.cartItemAdded, quantity: 99 }],
  ['cartItemAdded', '64-character cart id', { ...VALID.cartItemAdded, cartId: 'A-9'.repeat(21) + 'z' }],
  ['cartReminderDue', '50 products', { ...VALID.cartReminderDue, product: Array.from({ length: 50 }, (_, i) => `p${i}`) }],
  ['customerNotification', 'an IPv6 address', { ...(validSample('customerNotification') as object), 'ip-address': '2001:db8::1' }],
];

const INVALID: [EventName, string, unknown][] = [
  ['captureAttempt', 'missing fakemon', { attemptId: 'a-1', player: 'alice' }],
  ['captureAttempt', 'missing attempt id (the event id is not the attempt id)', { player: 'alice', fakemon: 'f' }],
  ['captureAttempt', 'empty player', { ...VALID.captureAttempt, player: '' }],
  ['captureAttempt', '65-character fakemon', { ...VALID.captureAttempt, fakemon: long(65) }],
  ['captureAttempt', 'unknown field (the talk\'s "pokemon")', { ...VALID.captureAttempt, pokemon: 'f' }],
  ['captureAttempt', 'number player', { ...VALID.captureAttempt, player: 7 }],
  ...['Alice', 'zoë', 'аsh', 'ash\u0000', '<b>ash</b>', 'ash smith', 'ash-1', '1ash', 'as', 'a'.repeat(25)].map(
    (player): [EventName, string, unknown] => ['captureAttempt', `player ${JSON.stringify(player)} outside the name rule`, { ...VALID.captureAttempt, player }],
  ),
  ['captureAttempt', 'not an object', 'alice'],
  ['captureAttempt', 'null', null],
  ['captureSucceeded', 'date only', { ...VALID.captureSucceeded, capturedAt: '2024-05-14' }],
  ['captureSucceeded', 'no zone', { ...VALID.captureSucceeded, capturedAt: '2024-05-14T07:42:21' }],
  ['captureSucceeded', 'impossible date', { ...VALID.captureSucceeded, capturedAt: '2024-02-30T07:42:21Z' }],
  ['captureSucceeded', 'missing attemptId', { player: 'a', fakemon: 'b', capturedAt: '2024-05-14T07:42:21Z' }],
  ['captureFailed', 'unknown reason', { ...VALID.captureFailed, reason: 'escaped' }],
  ['captureFailed', 'missing reason', { attemptId: 'a', player: 'b', fakemon: 'c' }],
  ['spawned', 'epoch expiresAt', { ...VALID.spawned, expiresAt: 1715673300 }],
  ['spawned', 'empty species', { ...VALID.spawned, species: '' }],
  ['spawned', 'no position', { fakemon: 'fm-1', species: 'leaf-owl', expiresAt: '2024-05-14T07:55:00Z' }],
  ['spawned', 'latitude beyond a pole', { ...VALID.spawned, lat: 90.5 }],
  ['spawned', 'longitude beyond the antimeridian', { ...VALID.spawned, lng: -180.1 }],
  ['spawned', 'string latitude', { ...VALID.spawned, lat: '48.85' }],
  ['spawned', 'cell in capitals (not H3 text)', { ...VALID.spawned, cell: '881FB46625FFFFF' }],
  ['captureSucceeded', 'cell of the wrong length', { ...VALID.captureSucceeded, cell: '881fb46625ffff' }],
  ['fled', 'missing cell', { fakemon: 'fm-1' }],
  ['fled', 'naming a player (a world change names nobody)', { ...VALID.fled, player: 'alice' }],
  ['cartItemAdded', 'quantity 0', { ...VALID.cartItemAdded, quantity: 0 }],
  ['cartItemAdded', 'quantity 100', { ...VALID.cartItemAdded, quantity: 100 }],
  ['cartItemAdded', 'fractional quantity', { ...VALID.cartItemAdded, quantity: 1.5 }],
  ['cartItemAdded', 'string quantity', { ...VALID.cartItemAdded, quantity: '3' }],
  ['cartItemAdded', 'cart id with a slash', { ...VALID.cartItemAdded, cartId: 'cart/42' }],
  ['cartItemAdded', 'cart id with an underscore', { ...VALID.cartItemAdded, cartId: 'cart_42' }],
  ['cartItemAdded', '65-character cart id', { ...VALID.cartItemAdded, cartId: long(65) }],
  ['cartItemAdded', 'empty cart id', { ...VALID.cartItemAdded, cartId: '' }],
  ['cartCheckedOut', 'unknown field', { ...VALID.cartCheckedOut, total: 3 }],
  ['cartCheckedOut', 'missing user', { cartId: 'cart-42' }],
  ['cartReminderDue', 'single product string', { ...VALID.cartReminderDue, product: 'poke-ball' }],
  ['cartReminderDue', 'no products', { ...VALID.cartReminderDue, product: [] }],
  ['cartReminderDue', '51 products', { ...VALID.cartReminderDue, product: Array.from({ length: 51 }, (_, i) => `p${i}`) }],
  ['cartReminderDue', 'empty product id', { ...VALID.cartReminderDue, product: ['a', ''] }],
  ['customerNotification', 'an address that is no IP address', { ...(validSample('customerNotification') as object), 'ip-address': '1.2.3' }],
  ['customerNotification', 'an unknown notification type', { ...(validSample('customerNotification') as object), notification: 'account-deleted' }],
];

describe('event catalog', () => {
  it('has one entry per event of the architecture catalog (first, before generated ones), with unique detail-types', () => {
    expect(new Set(EVENT_NAMES.map((n) => catalog[n].detailType)).size).toBe(EVENT_NAMES.length);
    expect(EVENT_NAMES.slice(0, 8).map((n) => [catalog[n].source, catalog[n].detailType])).toEqual([
      ['fakemon.attempt-to-capture-api', 'fakemon.capture_attempt'],
      ['fakemon.capture-service', 'fakemon.capture_succeeded'],
      ['fakemon.capture-service', 'fakemon.capture_failed'],
      ['fakemon.world', 'fakemon.spawned'],
      ['fakemon.capture-service', 'fakemon.fled'],
      ['cart.api', 'cart.item_added'],
      ['cart.api', 'cart.checked_out'],
      ['cart.reminder-service', 'cart.reminder_due'],
    ]);
    EVENT_NAMES.forEach((n) => expect(catalog[n].name).toBe(n));
  });

  it.each([
    ['captureAttempt', 'capture-attempt'],
    ['captureSucceeded', 'capture-succeeded'],
    ['captureFailed', 'capture-failed'],
    ['spawned', 'fakemon-spawned'],
    ['fled', 'fakemon-fled'],
    ['cartItemAdded', 'cart-item-added'],
    ['cartCheckedOut', 'cart-checked-out'],
    ['cartReminderDue', 'cart-reminder-due'],
  ] as [EventName, string][])('parses the %s fixture (%s.json)', (name, file) => {
    const event = fixture(file);
    expect(parseEvent(name, event).detail).toEqual(event.detail);
    expect(parseDetail(name, event)).toEqual(event.detail);
    expect(eventParsers[name](event).id).toBe(event.id);
    expect(() => eventParsers[name]({ ...event, detail: {} })).toThrow(ContractViolation);
    expect(newAjv().validate(eventJsonSchemaDraft4(name), event)).toBe(true);
  });
});

describe('zod parser and draft-04 JSON Schema agree', () => {
  const ajv = newAjv();
  const validators = Object.fromEntries(EVENT_NAMES.map((n) => [n, ajv.compile(toJsonSchemaDraft4(catalog[n].detail))]));

  const cases: [EventName, string, unknown, boolean][] = [
    ...EVENT_NAMES.map((n): [EventName, string, unknown, boolean] => [n, 'the valid sample', validSample(n), true]),
    ...ALSO_VALID.map(([n, label, sample]): [EventName, string, unknown, boolean] => [n, label, sample, true]),
    ...INVALID.map(([n, label, sample]): [EventName, string, unknown, boolean] => [n, label, sample, false]),
  ];

  it.each(cases)('%s: %s → valid=%s', (name, _label, sample, expected) => {
    expect(catalog[name].detail.safeParse(sample).success).toBe(expected);
    expect(validators[name]?.(sample)).toBe(expected);
  });

  const bodyCases: [ApiBodyName, unknown, boolean][] = [
    ['capture', { fakemon: 'fm-1' }, true],
    ['capture', {}, false],
    ['capture', { fakemon: 'fm-1', at: 1 }, false],
    ['capture', { player: 'misty', fakemon: 'fm-1' }, false], // the caller comes from the token, never the body
    ['cartItem', { product: 'p', quantity: 2 }, true],
    ['cartItem', { user: 'misty', product: 'p', quantity: 2 }, false],
    ['cartItem', { product: 'p', quantity: 2, cartId: 'c' }, false],
    ['cartItem', { product: 'p', quantity: 0 }, false],
    ['cartItem', { product: long(65), quantity: 1 }, false],
    ['checkout', {}, true],
    ['checkout', { user: 'misty' }, false],
    ['checkout', [], false],
    ['watch', { action: 'watch', lat: 48.85, lng: 2.35 }, true],
    ['watch', { action: 'watch', lat: 48.85 }, false],
    ['watch', { action: 'watch', lat: 91, lng: 2.35 }, false],
    ['watch', { action: 'watch', lat: 48.85, lng: 2.35, player: 'misty' }, false],
    ['watch', { action: 'look', lat: 48.85, lng: 2.35 }, false],
  ];
  it.each(bodyCases)('API body %s %j → valid=%s', (name, body, expected) => {
    expect(apiBodies[name].schema.safeParse(body).success).toBe(expected);
    expect(ajv.validate(toJsonSchemaDraft4(apiBodies[name].schema), body)).toBe(expected);
  });

  it.each([
    [{ count: 1 }, true],
    [{ count: 100 }, true],
    [{ count: 0 }, false],
    [{ count: 101 }, false],
    [{ count: 2.5 }, false],
    [{ fakemon: ['a', 'b'] }, true],
    [{ fakemon: [] }, false],
    [{ count: 1, fakemon: ['a'] }, false],
    [{ fakemon: ['a'], at: { lat: 48.85, lng: 2.35 } }, true],
    [{ count: 3, at: { lat: 48.85, lng: 2.35 } }, true],
    [{ count: 3, at: { lat: 48.85 } }, false],
    [{ count: 3, at: { lat: 48.85, lng: 200 } }, false],
  ])('spawn input %j → valid=%s', (input, expected) => {
    expect(spawnInput.safeParse(input).success).toBe(expected);
    expect(ajv.validate(toJsonSchemaDraft4(spawnInput), input)).toBe(expected);
  });
});

describe('draft-04 JSON Schemas', () => {
  it.each(EVENT_NAMES)('%s: detail and event schemas are draft-04 documents ajv compiles in strict mode', (name) => {
    const ajv = newAjv();
    for (const schema of [toJsonSchemaDraft4(catalog[name].detail, { title: name }), eventJsonSchemaDraft4(name)]) {
      expect(schema.$schema).toBe(DRAFT_04);
      expect(ajv.validateSchema(schema)).toBe(true);
      expect(() => ajv.compile(schema)).not.toThrow();
      // draft-04 spellings only (no draft-06+ keywords)
      expect(JSON.stringify(schema)).not.toMatch(/"(\$id|const|examples|\$defs)"/);
    }
  });

  it('API body models refuse unknown fields and name the required ones', () => {
    const schema = toJsonSchemaDraft4(apiBodies.cartItem.schema, { title: apiBodies.cartItem.modelName });
    expect(schema).toMatchObject({
      $schema: DRAFT_04,
      title: 'CartItemRequest',
      type: 'object',
      additionalProperties: false,
      required: ['product', 'quantity'],
      properties: { quantity: { type: 'integer', minimum: 1, maximum: 99 } },
    });
  });

  it('the event schema pins source and detail-type', () => {
    const ajv = newAjv();
    const schema = eventJsonSchemaDraft4('captureAttempt');
    const event = fixture('capture-attempt');
    expect(ajv.validate(schema, { ...event, source: 'somebody.else' })).toBe(false);
    expect(ajv.validate(schema, { ...event, 'detail-type': 'fakemon.capture_failed' })).toBe(false);
  });
});

describe('parsers', () => {
  it('name every problem in a ContractViolation', () => {
    const bad = { id: '', source: 'x', 'detail-type': 'fakemon.capture_attempt', time: 'yesterday', detail: { player: '', extra: 1 } };
    let error: unknown;
    try {
      parseEvent('captureAttempt', bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractViolation);
    const violation = error as ContractViolation;
    expect(violation.contract).toBe('captureAttempt');
    expect(violation.issues.map((i) => i.path).sort()).toEqual(['detail', 'detail.attemptId', 'detail.fakemon', 'detail.player', 'id', 'source', 'time']);
    expect(violation.message).toContain('detail.player: must match /^[a-z][a-z0-9_]{2,23}$/');
    expect(violation.message).toContain('detail: unknown field "extra"');
    expect(violation.message).toContain('source: expected "fakemon.attempt-to-capture-api"');
  });

  it('keep envelope fields such as replay-name', () => {
    const event = { ...fixture('capture-attempt'), 'replay-name': 'replay-1' };
    expect(parseEvent('captureAttempt', event)['replay-name']).toBe('replay-1');
  });

  it.each([
    ['capture-succeeded', 'captureSucceeded'],
    ['capture-failed', 'captureFailed'],
    ['fakemon-spawned', 'spawned'],
    ['fakemon-fled', 'fled'],
  ])('parseAnyEvent picks %s by detail-type', (file, name) => {
    expect(parseAnyEvent(['captureSucceeded', 'captureFailed', 'spawned', 'fled'], fixture(file)).name).toBe(name);
  });

  it('parseAnyEvent refuses a detail-type outside the list', () => {
    expect(() => parseAnyEvent(['captureSucceeded', 'spawned'], fixture('capture-attempt'))).toThrow(/detail-type: expected one of/);
  });

  it('parseApiBody names the contract', () => {
    expect(parseApiBody('checkout', {})).toEqual({});
    expect(() => parseApiBody('checkout', { user: 'misty' })).toThrow('apiBodies.checkout violates its contract: unknown field "user"');
  });

  it('outgoing entries are validated before they are built', () => {
    const entry = toPutEventsEntry('spawned', { fakemon: 'f', species: 's', expiresAt: '2024-05-14T07:55:00.000Z', lat: 1.5, lng: 2, cell: '881fb46625fffff' }, 'bus');
    expect(entry).toEqual({
      Source: 'fakemon.world',
      DetailType: 'fakemon.spawned',
      Detail: '{"fakemon":"f","species":"s","expiresAt":"2024-05-14T07:55:00.000Z","lat":1.5,"lng":2,"cell":"881fb46625fffff"}',
      EventBusName: 'bus',
    });
    expect(() => validateDetail('spawned', { fakemon: '', species: 's', expiresAt: 'never', lat: 0, lng: 0, cell: 'x' })).toThrow(ContractViolation);
  });

  it('eventOf builds events the parser accepts', () => {
    expect(() => parseEvent('cartItemAdded', eventOf('cartItemAdded', VALID.cartItemAdded as never))).not.toThrow();
  });
});
