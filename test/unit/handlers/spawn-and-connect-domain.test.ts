import { ContractViolation } from '../../../handlers/src/events/contract-violation';
import { cellOf } from '../../../handlers/src/shared/cells';
import { SPECIES, idsToSpawn, planSpawn, randomFakemonId, requestedPosition, speciesOf } from '../../../handlers/src/spawn/domain';
import { connectionRecord, decideConnection } from '../../../handlers/src/ws-connect/domain';
import { webSocketEvent } from '../../../handlers/src/events/invocations';
import { fixture } from '../../support/events';

describe('spawn', () => {
  it.each(['fm-1', 'fm-2', 'fire-squirrel-32xa', 'é'])('picks the species of %s from its id, always the same', (id) => {
    expect(SPECIES).toContain(speciesOf(id));
    expect(speciesOf(id)).toBe(speciesOf(id));
  });

  it('uses many species over many ids', () => {
    const seen = new Set(Array.from({ length: 500 }, (_, i) => speciesOf(`fm-${i}`)));
    expect(seen.size).toBe(SPECIES.length);
  });

  it('generates unique fm- ids', () => {
    const ids = idsToSpawn({ count: 100 });
    expect(new Set(ids).size).toBe(100);
    ids.forEach((id) => expect(id).toMatch(/^fm-[0-9a-f]{16}$/));
    expect(randomFakemonId()).not.toBe(randomFakemonId());
  });

  it('keeps ids unique even when the generator repeats itself', () => {
    const seq = ['a', 'a', 'b', 'a', 'c'];
    expect(idsToSpawn({ count: 3 }, () => seq.shift() as string)).toEqual(['a', 'b', 'c']);
  });

  it.each([
    [{ fakemon: ['x', 'y'] }, ['x', 'y']],
    [{ fakemon: ['only'] }, ['only']],
  ])('spawns the given ids %j', (input, ids) => {
    expect(idsToSpawn(input)).toEqual(ids);
  });

  const world = { playArea: { south: 48.815, west: 2.25, north: 48.902, east: 2.42 }, cellResolution: 8 };

  it('expires after the TTL, same instant in the table (epoch) and the event (ISO); located in its cell', () => {
    const position = { lat: 48.853, lng: 2.3499 };
    const plan = planSpawn('fm-1', new Date('2024-05-14T07:40:00.700Z'), 900, position, world);
    const cell = cellOf(position, 8);
    expect(plan).toEqual({
      fakemonId: 'fm-1',
      species: speciesOf('fm-1'),
      expiresAt: 1715672400 + 900,
      position,
      cell,
      detail: { fakemon: 'fm-1', species: speciesOf('fm-1'), expiresAt: '2024-05-14T07:55:00.000Z', lat: 48.853, lng: 2.3499, cell },
    });
  });

  it('spawns at a requested position only inside the play area', () => {
    expect(requestedPosition({ count: 1 }, world)).toBeUndefined();
    expect(requestedPosition({ fakemon: ['a'], at: { lat: 48.86, lng: 2.3 } }, world)).toEqual({ lat: 48.86, lng: 2.3 });
    expect(() => requestedPosition({ count: 1, at: { lat: 51.5, lng: -0.12 } }, world)).toThrow(ContractViolation);
    expect(() => requestedPosition({ count: 1, at: { lat: 51.5, lng: -0.12 } }, world)).toThrow('at: 51.5,-0.12 is outside the play area 48.815,2.25,48.902,2.42');
  });
});

describe('ws-connect decisions', () => {
  const connect = fixture('ws-connect');
  const withAuthorizer = (authorizer: unknown, query: unknown = connect.queryStringParameters) =>
    webSocketEvent.parse({ ...connect, queryStringParameters: query, requestContext: { ...(connect.requestContext as object), authorizer } });

  it.each<[string, unknown, ReturnType<typeof decideConnection>['kind']]>([
    ['a verified player', { player: 'alice', principalId: 'sub-1' }, 'connect'],
    ['a 24-character player', { player: `p${'1'.repeat(23)}` }, 'connect'],
    ['no authorizer context', null, 'reject'],
    ['an authorizer context without a player', { principalId: 'sub-1' }, 'reject'],
    ['an empty player', { player: '' }, 'reject'],
    ['a player outside the name rule', { player: 'Alice<script>' }, 'reject'],
    ['a 25-character player', { player: `p${'1'.repeat(24)}` }, 'reject'],
  ])('$connect with %s → %s', (_label, authorizer, kind) => {
    const action = decideConnection(withAuthorizer(authorizer));
    expect(action.kind).toBe(kind);
    if (action.kind === 'reject') expect(action.statusCode).toBe(403);
  });

  it('?player= means nothing: the verified player is stored', () => {
    expect(decideConnection(withAuthorizer({ player: 'alice' }, { player: 'misty', token: 't' }))).toMatchObject({ kind: 'connect', player: 'alice' });
    expect(decideConnection(withAuthorizer(null, { player: 'misty' }))).toMatchObject({ kind: 'reject' });
  });

  it('$disconnect needs no player', () => {
    expect(decideConnection(webSocketEvent.parse(fixture('ws-disconnect')))).toEqual({ kind: 'disconnect', connectionId: 'Ul3rKcVxjoECF3A=' });
  });

  it('other routes are refused', () => {
    const event = webSocketEvent.parse({ ...connect, requestContext: { routeKey: '$default', connectionId: 'c' } });
    expect(decideConnection(event)).toMatchObject({ kind: 'reject', statusCode: 400 });
  });

  it('records connectedAt and a TTL', () => {
    expect(connectionRecord('c', 'alice', new Date('2024-05-14T07:40:00.500Z'), 7200)).toEqual({
      connectionId: 'c',
      player: 'alice',
      connectedAt: '2024-05-14T07:40:00.500Z',
      expiresAt: 1715672400 + 7200,
    });
  });
});
