/** Sign-up decisions, free of I/O: the player-name rule, and which sign-ups need no further confirmation. */
import { isPlayerName, PLAYER_NAME_RULE } from '../events/primitives';

export type SignUpDecision =
  | { readonly kind: 'accept'; readonly autoConfirm: boolean }
  | { readonly kind: 'refuse'; readonly message: string };

/**
 * Whether a user may be created under `userName`. The pool collects no e-mail or phone (players are known by
 * name only), so a player's own sign-up is confirmed at once; an administrator's AdminCreateUser needs no
 * confirmation anyway.
 */
export function decideSignUp(triggerSource: string, userName: string): SignUpDecision {
  if (!isPlayerName(userName)) return { kind: 'refuse', message: PLAYER_NAME_RULE };
  return { kind: 'accept', autoConfirm: triggerSource === 'PreSignUp_SignUp' };
}
