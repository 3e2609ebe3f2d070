/**
 * What the game page knows of the world, folded from the WebSocket messages of the client contract
 * (handlers/src/events/socket-messages.ts): at-least-once delivery changes nothing, a capture's result stays with
 * its attempt, and the REST answer never overwrites a result that came first.
 */
import type { PlayerMessage } from '../../../../handlers/src/events/socket-messages';
import { gameClientOf } from '../../../../local/console/stack-view';
import type { LocalStackConfig } from '../../../../local/stack/to-local-config';
import { applyMessage, EMPTY_WORLD, outcomeText, updateAttempt, type WorldState } from '../../../../local/console/web/src/game/world';

const fold = (messages: readonly PlayerMessage[], from: WorldState = EMPTY_WORLD): WorldState => messages.reduce(applyMessage, from);
const spawned: PlayerMessage = { type: 'world', change: 'spawned', fakemon: 'fm-1', species: 'shadow-bat', expiresAt: '2030-01-01T00:15:00Z', lat: 48.853, lng: 2.3499, cell: '881fb46625fffff' };
const captured: PlayerMessage = { type: 'world', change: 'captured', fakemon: 'fm-1', capturedAt: '2030-01-01T00:01:00Z', cell: '881fb46625fffff' };

describe('the game page’s world', () => {
  it('records the watched cells, a spawn, and the capture that takes the fakémon from the world', () => {
    const world = fold([{ type: 'watching', cell: 'c0', cells: ['c0', 'c1'] }, spawned, captured]);
    expect(world.watching).toEqual({ cell: 'c0', cells: ['c0', 'c1'] });
    expect(world.fakemon.get('fm-1')).toMatchObject({ species: 'shadow-bat', lat: 48.853, lng: 2.3499, state: 'captured' });
  });

  it('does not bring a captured fakémon back when its spawn is delivered again', () => {
    expect(fold([spawned, captured, spawned]).fakemon.get('fm-1')?.state).toBe('captured');
  });

  it('keeps the first result of an attempt, and a 202 that arrives after the result does not undo it', () => {
    let world = updateAttempt(EMPTY_WORLD, { attemptId: 'a-1', fakemon: 'fm-1', status: 'sending' });
    world = applyMessage(world, { type: 'capture_result', attemptId: 'a-1', fakemon: 'fm-1', outcome: 'already_captured', reason: 'already_captured' });
    world = updateAttempt(world, { attemptId: 'a-1', fakemon: 'fm-1', status: 'accepted' });
    world = applyMessage(world, { type: 'capture_result', attemptId: 'a-1', fakemon: 'fm-1', outcome: 'captured' });
    expect(world.attempts).toEqual([{ attemptId: 'a-1', fakemon: 'fm-1', status: 'done', outcome: 'already_captured' }]);
    expect(outcomeText('already_captured')).toBe('already captured');
  });

  it('keeps a watch error until the next watching answer', () => {
    const failed = fold([{ type: 'error', action: 'watch', message: 'outside the play area' }]);
    expect(failed.watchError).toBe('outside the play area');
    expect(applyMessage(failed, { type: 'watching', cell: 'c0', cells: ['c0'] }).watchError).toBeUndefined();
  });
});

describe('the game client configuration the console serves', () => {
  const base = { outputs: {}, functions: [] } as unknown as LocalStackConfig;

  it('is the user pool client id from the outputs and the spawn function’s play area', () => {
    const config = {
      ...base,
      outputs: { user_pool_client_id: 'client1', spawn_function_name: 'fakemon-dev-spawn' },
      functions: [{ name: 'fakemon-dev-spawn', environment: { PLAY_AREA: '48.815,2.25,48.902,2.42' } }],
    } as unknown as LocalStackConfig;
    expect(gameClientOf(config)).toEqual({ game: { userPoolClientId: 'client1', playArea: { south: 48.815, west: 2.25, north: 48.902, east: 2.42 } } });
  });

  it('is absent for a stack without a players’ pool', () => {
    expect(gameClientOf(base)).toEqual({});
  });
});
