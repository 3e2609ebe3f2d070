/**
 * The player-name rule and the pre sign-up trigger that enforces it. The same rule (PLAYER_NAME_PATTERN) is
 * what the REST mapping template, the `$connect` authorizer and ws-connect check.
 * Reference: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
 */
import { isPlayerName, PLAYER_NAME_PATTERN } from '../../../handlers/src/events/primitives';
import { decideSignUp } from '../../../handlers/src/pre-sign-up/domain';
import { makeHandler, SignUpRefused } from '../../../handlers/src/pre-sign-up/handler';
import { silentLogger } from '../../../handlers/src/shared/logger';

const VALID = ['ash', 'ash_ketchum', 'a99', `p${'1'.repeat(23)}`];
const INVALID: Array<[string, string]> = [
  ['upper case (a case variant of another name)', 'Ash'],
  ['too short', 'as'],
  ['too long', `p${'1'.repeat(24)}`],
  ['starts with a digit', '1ash'],
  ['starts with an underscore', '_ash'],
  ['a dash', 'ash-1'],
  ['a space', 'ash ketchum'],
  ['markup', '<b>ash</b>'],
  ['a control character', 'ash\u0000'],
  ['a newline (log injection)', 'ash\nadmin'],
  ['a Cyrillic look-alike "а"', 'аsh'],
  ['a Latin look-alike with a diacritic', 'åsh'],
  ['a full-width letter', 'ａsh'],
  ['a zero-width joiner', 'a\u200dsh'],
  ['an e-mail address', 'ash@example.com'],
];

describe('the player-name rule', () => {
  it.each(VALID)('accepts %j', (name) => expect(isPlayerName(name)).toBe(true));
  it.each(INVALID)('refuses %s: %j', (_label, name) => expect(isPlayerName(name)).toBe(false));

  it('is written so that a Java regex (the REST mapping template) reads it the same way', () => {
    // No lookarounds, classes or flags whose meaning differs between ECMAScript and java.util.regex.
    expect(PLAYER_NAME_PATTERN).toMatch(/^\^\[[a-z0-9_\-\]\[]+\{\d+,\d+\}\$$/);
  });
});

describe('pre-sign-up', () => {
  const event = (userName: string, triggerSource = 'PreSignUp_SignUp') => ({
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEfGhI',
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-js-3.0.0', clientId: 'client' },
    triggerSource,
    request: { userAttributes: {} },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });

  it("confirms a player's own sign-up at once (no e-mail to confirm with) and leaves an admin-created user as it is", async () => {
    const handler = makeHandler({ logger: silentLogger });
    expect(await handler(event('ash'))).toEqual({ ...event('ash'), response: { autoConfirmUser: true, autoVerifyEmail: false, autoVerifyPhone: false } });
    expect((await handler(event('misty', 'PreSignUp_AdminCreateUser'))).response.autoConfirmUser).toBe(false);
  });

  it.each(INVALID)('refuses %s', async (_label, name) => {
    await expect(makeHandler({ logger: silentLogger })(event(name))).rejects.toBeInstanceOf(SignUpRefused);
    expect(decideSignUp('PreSignUp_AdminCreateUser', name).kind).toBe('refuse');
  });
});
