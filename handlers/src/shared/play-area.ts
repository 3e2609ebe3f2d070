/**
 * The play area: the latitude/longitude box wild fakémon spawn in (env config `game.world.playArea`, passed to the
 * functions as `PLAY_AREA` = `south,west,north,east`). Free of the geo index, so functions that only check
 * positions stay small.
 */

/** A position in degrees (WGS 84). */
export interface Position {
  readonly lat: number;
  readonly lng: number;
}

/** A box of latitudes and longitudes that does not cross the antimeridian (`west < east`). */
export interface PlayArea {
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
}

/** Why `area` is not a usable play area, or undefined when it is. */
export function playAreaProblem(area: PlayArea): string | undefined {
  const { south, west, north, east } = area;
  if (![south, west, north, east].every(Number.isFinite)) return 'every bound must be a finite number';
  if (south < -90 || north > 90) return 'latitudes must be within −90..90';
  if (west < -180 || east > 180) return 'longitudes must be within −180..180';
  if (!(south < north)) return `south (${south}) must be below north (${north})`;
  if (!(west < east)) return `west (${west}) must be below east (${east}); a play area cannot cross the antimeridian`;
  return undefined;
}

/** `south,west,north,east` → the area; throws with the problem when the text is not a usable play area. */
export function parsePlayArea(text: string): PlayArea {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 4 || parts.some((p) => p === '' || Number.isNaN(Number(p)))) {
    throw new Error(`a play area is "south,west,north,east" in degrees, got "${text}"`);
  }
  const [south, west, north, east] = parts.map(Number) as [number, number, number, number];
  const area = { south, west, north, east };
  const problem = playAreaProblem(area);
  if (problem) throw new Error(`play area "${text}": ${problem}`);
  return area;
}

/** The `PLAY_AREA` value of an area. */
export function formatPlayArea(area: PlayArea): string {
  return `${area.south},${area.west},${area.north},${area.east}`;
}

/** Whether the position lies in the area (bounds included). */
export function isInPlayArea(area: PlayArea, position: Position): boolean {
  return position.lat >= area.south && position.lat <= area.north && position.lng >= area.west && position.lng <= area.east;
}

/**
 * A position in the area from two numbers in [0, 1): uniform in latitude and longitude, which is close enough to
 * uniform on the ground for a city-sized box. Rounded to 6 decimals (≈ 0.1 m), what a phone's position carries.
 */
export function positionIn(area: PlayArea, u: number, v: number): Position {
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  return {
    lat: Math.min(area.north, round(area.south + u * (area.north - area.south))),
    lng: Math.min(area.east, round(area.west + v * (area.east - area.west))),
  };
}
