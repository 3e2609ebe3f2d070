import type { EnvironmentConfigInput } from '../modules/config/environment-config';

/**
 * What every environment plays the same: the world (so a player's position means the same place in each) and the
 * players' password rules. Each env config names what differs (token lifetimes, deletion protection).
 */

/** Paris inside the Boulevard Périphérique, in H3 cells of about 0.74 km² (a neighbourhood spans about 1.4 km). */
export const PARIS_WORLD: EnvironmentConfigInput['game']['world'] = {
  playArea: { south: 48.815, west: 2.25, north: 48.902, east: 2.42 },
  cellResolution: 8,
};

/** The players' password rules: 12+ characters with upper- and lowercase letters and digits. */
export const PLAYER_PASSWORD_POLICY: EnvironmentConfigInput['identity']['passwordPolicy'] = {
  minimumLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: false,
  temporaryPasswordValidityDays: 7,
};
