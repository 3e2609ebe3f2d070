/**
 * Positions in the environments' play area (Paris, envs/<env>/config.ts) for the scenarios: two places close enough
 * to share a neighbourhood at the configured cell resolution, and one far from both.
 */
export const NOTRE_DAME = { lat: 48.853, lng: 2.3499 } as const;
/** About 300 m north of Notre-Dame: in its neighbourhood. */
export const HOTEL_DE_VILLE = { lat: 48.8557, lng: 2.3515 } as const;
/** About 3.7 km north of Notre-Dame: outside its neighbourhood. */
export const MONTMARTRE = { lat: 48.8867, lng: 2.3431 } as const;
