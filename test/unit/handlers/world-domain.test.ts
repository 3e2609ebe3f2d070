/**
 * Interest management and who is told what, free of I/O: cells and neighbourhoods (H3), the play area, what a
 * `watch` asks for and which watcher entries change, result and world messages.
 */
import { gridDistance } from 'h3-js';
import { RESULT_EVENTS, resultMessage } from '../../../handlers/src/deliver-result/domain';
import { parseAnyEvent } from '../../../handlers/src/events/envelope';
import { encodeMessage } from '../../../handlers/src/events/socket-messages';
import { cellOf, isCellOfResolution, neighbourhoodOf } from '../../../handlers/src/shared/cells';
import { isInPlayArea, parsePlayArea, positionIn, type PlayArea } from '../../../handlers/src/shared/play-area';
import { WORLD_EVENTS, worldUpdate } from '../../../handlers/src/world-updates/domain';
import { planWatch, readWatchRequest, strayCells } from '../../../handlers/src/ws-watch/domain';
import { eventOf } from '../../support/events';

const PARIS: PlayArea = { south: 48.815, west: 2.25, north: 48.902, east: 2.42 };
const NOTRE_DAME = { lat: 48.853, lng: 2.3499 };

describe('cells and neighbourhoods (H3)', () => {
  it('a position falls in one cell of the resolution; its neighbourhood is the cell and the six around it', () => {
    const cell = cellOf(NOTRE_DAME, 8);
    expect(isCellOfResolution(cell, 8)).toBe(true);
    expect(isCellOfResolution(cell, 9)).toBe(false);
    const around = neighbourhoodOf(cell);
    expect(around).toHaveLength(7);
    expect(around).toContain(cell);
    expect([...around].sort()).toEqual(around);
    expect(around.map((c) => gridDistance(cell, c)).sort()).toEqual([0, 1, 1, 1, 1, 1, 1]);
  });

  it('neighbourhoods are symmetric: C is in the neighbourhood of P exactly when P is in the neighbourhood of C', () => {
    const here = cellOf(NOTRE_DAME, 8);
    const cells = neighbourhoodOf(here).flatMap(neighbourhoodOf);
    for (const a of new Set(cells)) {
      for (const b of new Set(cells)) expect(neighbourhoodOf(a).includes(b)).toBe(neighbourhoodOf(b).includes(a));
    }
  });

  it('two players 5 km apart do not watch each other’s cells; 300 m apart they do', () => {
    const near = cellOf({ lat: NOTRE_DAME.lat + 0.0027, lng: NOTRE_DAME.lng }, 8); // ≈ 300 m north
    const far = cellOf({ lat: NOTRE_DAME.lat + 0.045, lng: NOTRE_DAME.lng }, 8); // ≈ 5 km north
    expect(neighbourhoodOf(cellOf(NOTRE_DAME, 8))).toContain(near);
    expect(neighbourhoodOf(cellOf(NOTRE_DAME, 8))).not.toContain(far);
  });
});

describe('the play area', () => {
  it('parses PLAY_AREA and refuses what is not a box', () => {
    expect(parsePlayArea('48.815, 2.25,48.902,2.42')).toEqual(PARIS);
    expect(() => parsePlayArea('48.8,2.2,48.9')).toThrow('a play area is "south,west,north,east" in degrees, got "48.8,2.2,48.9"');
    expect(() => parsePlayArea('48.9,2.2,48.8,2.4')).toThrow('south (48.9) must be below north (48.8)');
    expect(() => parsePlayArea('48.8,179,48.9,-179')).toThrow('cannot cross the antimeridian');
    expect(() => parsePlayArea('-91,0,0,1')).toThrow('latitudes must be within −90..90');
  });

  it('random positions stay inside it, corners included', () => {
    for (const [u, v] of [[0, 0], [0.999999, 0.999999], [0.5, 0.25]] as const) expect(isInPlayArea(PARIS, positionIn(PARIS, u, v))).toBe(true);
    expect(positionIn(PARIS, 0, 0)).toEqual({ lat: 48.815, lng: 2.25 });
    expect(isInPlayArea(PARIS, { lat: 48.9, lng: 2.5 })).toBe(false);
  });
});

describe('watch requests', () => {
  const message = (body: unknown, authorizer: Record<string, unknown> | null = { player: 'misty', principalId: 'misty' }) => ({
    requestContext: { routeKey: 'watch', connectionId: 'c1=', eventType: 'MESSAGE', authorizer },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
  });

  it.each<[string, ReturnType<typeof message>, ReturnType<typeof readWatchRequest>]>([
    ['a position', message({ action: 'watch', lat: 48.85, lng: 2.35 }), { kind: 'watch', connectionId: 'c1=', player: 'misty', position: { lat: 48.85, lng: 2.35 } }],
    ['not JSON', message('{"action":"watch",'), { kind: 'reject', statusCode: 400, message: 'the message is not JSON' }],
    ['no longitude', message({ action: 'watch', lat: 48.85 }), { kind: 'reject', statusCode: 400, message: 'apiBodies.watch violates its contract: lng: expected number' }],
    ['a latitude beyond a pole', message({ action: 'watch', lat: 95, lng: 2 }), { kind: 'reject', statusCode: 400, message: 'apiBodies.watch violates its contract: lat: must be <= 90' }],
    [
      'a player in the message (the player comes from the token)',
      message({ action: 'watch', lat: 48.85, lng: 2.35, player: 'brock' }),
      { kind: 'reject', statusCode: 400, message: 'apiBodies.watch violates its contract: unknown field "player"' },
    ],
    ['no verified player', message({ action: 'watch', lat: 48.85, lng: 2.35 }, null), { kind: 'reject', statusCode: 403, message: 'the connection has no verified player' }],
  ])('%s', (_label, event, expected) => {
    expect(readWatchRequest(event)).toEqual(expected);
  });

  it('a new watch writes every watched cell again and removes only the cells left behind', () => {
    expect(planWatch([], ['a', 'b'])).toEqual({ put: ['a', 'b'], remove: [] });
    expect(planWatch(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual({ put: ['b', 'c', 'd'], remove: ['a'] });
    expect(planWatch(['a'], ['a'])).toEqual({ put: ['a'], remove: [] });
  });

  it('entries a newer watch (or a disconnect) made stray are the ones it no longer watches', () => {
    expect(strayCells(['a', 'b'], ['b', 'c'])).toEqual(['a']);
    expect(strayCells(['a', 'b'], undefined)).toEqual(['a', 'b']);
    expect(strayCells(['a'], ['a'])).toEqual([]);
  });
});

describe('what players are told', () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof resultMessage>]>([
    [
      'capture succeeded → captured',
      eventOf('captureSucceeded', { attemptId: 'a-1', player: 'alice', fakemon: 'fm-1', capturedAt: '2024-05-14T07:42:21.512Z', cell: '881fb46625fffff' }),
      { player: 'alice', message: { type: 'capture_result', attemptId: 'a-1', fakemon: 'fm-1', outcome: 'captured' } },
    ],
    [
      'capture failed → outcome and reason',
      eventOf('captureFailed', { attemptId: 'a-2', player: 'bob', fakemon: 'fm-1', reason: 'already_captured' }),
      { player: 'bob', message: { type: 'capture_result', attemptId: 'a-2', fakemon: 'fm-1', outcome: 'already_captured', reason: 'already_captured' } },
    ],
  ])('result: %s, to the player only', (_label, event, expected) => {
    expect(resultMessage(parseAnyEvent(RESULT_EVENTS, event))).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, ReturnType<typeof worldUpdate>]>([
    [
      'spawned → where it is and when it flees',
      eventOf('spawned', { fakemon: 'fm-9', species: 'leaf-owl', expiresAt: '2024-05-14T07:55:00.000Z', lat: 48.85, lng: 2.35, cell: '881fb46625fffff' }),
      { cell: '881fb46625fffff', message: { type: 'world', change: 'spawned', fakemon: 'fm-9', species: 'leaf-owl', expiresAt: '2024-05-14T07:55:00.000Z', lat: 48.85, lng: 2.35, cell: '881fb46625fffff' } },
    ],
    [
      'captured → gone, and by whom is not told',
      eventOf('captureSucceeded', { attemptId: 'a-1', player: 'alice', fakemon: 'fm-1', capturedAt: '2024-05-14T07:42:21.512Z', cell: '881fb46625fffff' }),
      { cell: '881fb46625fffff', message: { type: 'world', change: 'captured', fakemon: 'fm-1', capturedAt: '2024-05-14T07:42:21.512Z', cell: '881fb46625fffff' } },
    ],
    ['fled → gone', eventOf('fled', { fakemon: 'fm-3', cell: '881fb46625fffff' }), { cell: '881fb46625fffff', message: { type: 'world', change: 'fled', fakemon: 'fm-3', cell: '881fb46625fffff' } }],
    [
      'captured, of a fakémon without a cell → nothing to tell',
      eventOf('captureSucceeded', { attemptId: 'a-1', player: 'alice', fakemon: 'fm-1', capturedAt: '2024-05-14T07:42:21.512Z' }),
      undefined,
    ],
  ])('world update: %s', (_label, event, expected) => {
    expect(worldUpdate(parseAnyEvent(WORLD_EVENTS, event))).toEqual(expected);
  });

  it('encodes messages as UTF-8 JSON', () => {
    const bytes = encodeMessage({ type: 'capture_result', attemptId: 'a', fakemon: 'Fakémon', outcome: 'captured' });
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"type":"capture_result","attemptId":"a","fakemon":"Fakémon","outcome":"captured"}');
  });
});
