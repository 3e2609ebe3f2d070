import { parseAnyEvent } from '../../../handlers/src/events/envelope';
import { NOTIFY_EVENTS, encodeMessage, planNotifications, type NotificationPlan } from '../../../handlers/src/notify/domain';
import { eventOf } from '../../support/events';

describe('notify messages', () => {
  it.each<[string, Record<string, unknown>, NotificationPlan]>([
    [
      'capture succeeded → capture_result to the player, world change to everyone',
      eventOf('captureSucceeded', { attemptId: 'a-1', player: 'alice', fakemon: 'fm-1', capturedAt: '2024-05-14T07:42:21.512Z' }),
      {
        toPlayer: { player: 'alice', message: { type: 'capture_result', attemptId: 'a-1', fakemon: 'fm-1', outcome: 'captured' } },
        broadcast: { type: 'world', change: 'captured', fakemon: 'fm-1', capturedBy: 'alice', capturedAt: '2024-05-14T07:42:21.512Z' },
      },
    ],
    [
      'capture failed (already_captured) → outcome and reason to the player only',
      eventOf('captureFailed', { attemptId: 'a-2', player: 'bob', fakemon: 'fm-1', reason: 'already_captured' }),
      {
        toPlayer: {
          player: 'bob',
          message: { type: 'capture_result', attemptId: 'a-2', fakemon: 'fm-1', outcome: 'already_captured', reason: 'already_captured' },
        },
      },
    ],
    [
      'capture failed (dodged)',
      eventOf('captureFailed', { attemptId: 'a-3', player: 'bob', fakemon: 'fm-2', reason: 'dodged' }),
      { toPlayer: { player: 'bob', message: { type: 'capture_result', attemptId: 'a-3', fakemon: 'fm-2', outcome: 'dodged', reason: 'dodged' } } },
    ],
    [
      'spawned → world change to everyone',
      eventOf('spawned', { fakemon: 'fm-9', species: 'leaf-owl', expiresAt: '2024-05-14T07:55:00.000Z' }),
      { broadcast: { type: 'world', change: 'spawned', fakemon: 'fm-9', species: 'leaf-owl', expiresAt: '2024-05-14T07:55:00.000Z' } },
    ],
  ])('%s', (_label, event, plan) => {
    expect(planNotifications(parseAnyEvent(NOTIFY_EVENTS, event))).toEqual(plan);
  });

  it('encodes messages as UTF-8 JSON', () => {
    const bytes = encodeMessage({ type: 'capture_result', attemptId: 'a', fakemon: 'Fakémon', outcome: 'captured' });
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"type":"capture_result","attemptId":"a","fakemon":"Fakémon","outcome":"captured"}');
  });
});
